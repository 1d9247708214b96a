/**
 * The Redis cluster binding (SPEC §12): with this jar in {@code WEB-INF/lib} and the init parameter
 * {@link io.cspwebsocket.redis.RedisClusterParameters#REDIS} set, {@code CspWebSocket.openServer(id)},
 * {@code openIds}, {@code broadcast} and {@code endServer} reach sockets held by every node of the
 * application. Page code does not change. Only {@link io.cspwebsocket.redis.RedisClusterParameters}
 * is meant for application code; {@link io.cspwebsocket.redis.RedisClusterProvider} is found by
 * {@link java.util.ServiceLoader}.
 */
package io.cspwebsocket.redis;
