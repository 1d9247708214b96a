/**
 * csp-websocket's in-memory runtime for unit tests of pages: {@code CspTestRuntime},
 * {@code PageClient} and the JUnit 5 entry point {@code @CspPageTest} (package
 * {@code io.cspwebsocket.test}). It runs pages on the runtime's own core
 * ({@code io.cspwebsocket.impl}, which exports that core to this module alone) with no container
 * and no Jakarta Servlet or WebSocket jar.
 *
 * <p>A test module that serves its pages with it exports the page packages to
 * {@code io.cspwebsocket.impl}, which creates the pages: {@code exports my.pages to io.cspwebsocket.impl;}
 * (JUnit's own needs, such as opening test packages to {@code org.junit.platform.commons}, are as
 * for any JUnit test).
 */
module io.cspwebsocket.test {
    requires transitive io.cspwebsocket;
    requires transitive org.junit.jupiter.api;
    requires io.cspwebsocket.impl;

    exports io.cspwebsocket.test;
}
