package io.cspwebsocket.spi;

/**
 * Makes an application's sockets reachable from other nodes (SPEC §12). Found with
 * {@link java.util.ServiceLoader} when an application starts; the first provider that returns a
 * binding for the application's settings is used. Without one, or when no provider is
 * configured, the application is single-node and needs nothing more.
 */
public interface CspClusterProvider {

    /**
     * Joins the cluster if this provider is configured for the application.
     *
     * @param context the application's settings and its local sockets
     * @return the binding, or {@code null} if this provider is not configured for the application
     * @throws Exception if it is configured but cannot start (the deployment then fails)
     */
    CspCluster start(CspClusterContext context) throws Exception;
}
