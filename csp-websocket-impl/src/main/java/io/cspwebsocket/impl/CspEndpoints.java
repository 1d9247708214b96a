package io.cspwebsocket.impl;

import io.cspwebsocket.CspClass;
import io.cspwebsocket.impl.internal.ClsPathMapper;
import io.cspwebsocket.impl.internal.CspApplication;
import io.cspwebsocket.impl.internal.CspConfig;
import io.cspwebsocket.impl.internal.Deployment;
import jakarta.websocket.server.ServerEndpointConfig;
import java.util.Collection;
import java.util.Map;
import java.util.Set;

/**
 * Pages as plain Jakarta endpoint configurations, for WebSocket servers without a servlet
 * layer (standalone Tyrus, a bare Jetty WebSocket container): add {@link #configs()} to the
 * server, and {@link #close()} the instance when the server stops.
 *
 * <p>Without a servlet layer there is no HTTP session (pages get a transient session id), no
 * remote address, and no Origin check; a handshake that {@code onPreServer} refuses is
 * accepted and closed at once with 1008 instead of answered with 403. In a servlet container
 * use {@link CspServletContainerInitializer}, which has none of these limits.
 */
@SuppressWarnings("exports") // Jakarta types in this API: module-info's 'requires static' is not transitive on purpose
public final class CspEndpoints implements AutoCloseable {

    private final CspApplication application;

    private CspEndpoints(CspApplication application) {
        this.application = application;
    }

    /**
     * Validates the pages and prepares their endpoints.
     *
     * @param pageClasses classes annotated {@link CspClass}
     * @param initParameters settings named as in {@link CspInitParameters}
     * @return the endpoints
     * @throws IllegalStateException naming every invalid or colliding page (SPEC §1.3)
     * @throws IllegalArgumentException naming a setting that cannot be parsed
     */
    public static CspEndpoints of(Collection<Class<?>> pageClasses, Map<String, String> initParameters) {
        ClsPathMapper mapper = ClsPathMapper.of(pageClasses);
        CspConfig config = CspConfig.from(initParameters::get);
        return new CspEndpoints(new CspApplication("standalone", mapper, config, Thread.currentThread().getContextClassLoader(),
                initParameters::get));
    }

    /** @return one endpoint configuration per page, to add to the server */
    public Set<ServerEndpointConfig> configs() {
        return Deployment.standaloneEndpointConfigs(application);
    }

    /** @return the live counters of these pages, for metrics and health checks */
    public CspWebSocketStatistics statistics() {
        return application.statistics();
    }

    /** Closes every socket with 1001, waits (bounded) for the pages, and stops the library's threads. */
    @Override
    public void close() {
        application.shutdown();
    }
}
