package io.cspwebsocket.redis;

import io.lettuce.core.RedisFuture;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.lettuce.core.pubsub.api.async.RedisPubSubAsyncCommands;

/**
 * Which pub/sub the binding speaks. On one server (Sentinel included) classic {@code PUBLISH} and
 * {@code SUBSCRIBE}, available since Redis 2. On a Redis Cluster sharded {@code SPUBLISH} and
 * {@code SSUBSCRIBE} (Redis 7): a classic message travels to every node of the cluster, a sharded
 * one only within the shard that owns its channel's slot. All of an application's keys and
 * channels carry one hash tag ({@link Keys}), so each script, and the channel it publishes to,
 * stays in one slot.
 */
enum PubSub {
    /** {@code PUBLISH} / {@code SUBSCRIBE}. */
    CLASSIC,
    /** {@code SPUBLISH} / {@code SSUBSCRIBE}. */
    SHARDED;

    /**
     * @param script a script written with {@code redis.call('PUBLISH', …)}
     * @return it, publishing with this pub/sub
     */
    String script(String script) {
        return this == CLASSIC ? script : script.replace("redis.call('PUBLISH'", "redis.call('SPUBLISH'");
    }

    /**
     * @param commands where to publish
     * @param channel the channel
     * @param message the message
     * @return the receiver count
     */
    RedisFuture<Long> publish(RedisClusterAsyncCommands<String, byte[]> commands, String channel, byte[] message) {
        return this == CLASSIC ? commands.publish(channel, message) : commands.spublish(channel, message);
    }

    /**
     * @param commands the subscriptions connection
     * @param channels what to subscribe to
     * @return completes when subscribed
     */
    RedisFuture<Void> subscribe(RedisPubSubAsyncCommands<String, byte[]> commands, String... channels) {
        return this == CLASSIC ? commands.subscribe(channels) : commands.ssubscribe(channels);
    }

    /**
     * @param commands the subscriptions connection
     * @param channels what to unsubscribe from
     * @return completes when unsubscribed
     */
    RedisFuture<Void> unsubscribe(RedisPubSubAsyncCommands<String, byte[]> commands, String... channels) {
        return this == CLASSIC ? commands.unsubscribe(channels) : commands.sunsubscribe(channels);
    }
}
