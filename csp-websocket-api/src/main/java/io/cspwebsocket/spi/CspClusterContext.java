package io.cspwebsocket.spi;

import java.time.Duration;

/** What a {@link CspClusterProvider} is given when an application starts. */
public interface CspClusterContext {

    /** @return the application's name, for logs and key names: its context path, or {@code /} for the root context */
    String applicationName();

    /**
     * @param name a servlet-context init parameter, e.g. {@code io.cspwebsocket.cluster.redis}
     * @return its value, or {@code null}
     */
    String initParameter(String name);

    /** @return the send timeout of the application ({@code io.cspwebsocket.sendTimeout}) */
    Duration sendTimeout();

    /** @return this node's sockets, to serve requests from other nodes */
    CspLocalNode localNode();
}
