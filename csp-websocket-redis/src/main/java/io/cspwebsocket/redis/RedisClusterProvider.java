package io.cspwebsocket.redis;

import io.cspwebsocket.spi.CspCluster;
import io.cspwebsocket.spi.CspClusterContext;
import io.cspwebsocket.spi.CspClusterProvider;

/**
 * Joins an application to a cluster on Redis when its {@link RedisClusterParameters#REDIS} init
 * parameter is set; found with {@link java.util.ServiceLoader} when this jar is in
 * {@code WEB-INF/lib} beside {@code csp-websocket-impl}. Without the parameter it returns
 * {@code null} and the application stays single-node.
 */
public final class RedisClusterProvider implements CspClusterProvider {

    /** Called by {@link java.util.ServiceLoader}. */
    public RedisClusterProvider() {
    }

    /**
     * {@inheritDoc}
     *
     * @throws IllegalArgumentException if a parameter of {@link RedisClusterParameters} is wrong
     * @throws Exception if Redis cannot be reached, or the node id is in use by a live node
     */
    @Override
    public CspCluster start(CspClusterContext context) throws Exception {
        RedisSettings settings = RedisSettings.from(context::initParameter, context.applicationName(), context.sendTimeout());
        if (settings == null) {
            return null;
        }
        return RedisCluster.start(settings, context.localNode(), context.applicationName());
    }
}
