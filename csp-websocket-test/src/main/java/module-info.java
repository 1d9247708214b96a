/**
 * csp-websocket's in-memory runtime for unit tests of pages: {@code CspTestRuntime},
 * {@code PageClient} and the JUnit 5 entry point {@code @CspPageTest} (package
 * {@code io.cspwebsocket.test}). It runs pages on the runtime's own core
 * ({@code io.cspwebsocket.impl}, which exports that core to this module alone) with no container
 * and no Jakarta Servlet or WebSocket jar.
 *
 * <p>A page module tested with it exports its page packages to this module, which creates a
 * test's pages with their public no-argument constructor: {@code exports my.pages to io.cspwebsocket.test;}
 * (and to {@code io.cspwebsocket.impl}, which creates them in a container). Nothing has to be opened
 * for the pages; JUnit's own needs for test classes are as for any JUnit test.
 */
module io.cspwebsocket.test {
    requires transitive io.cspwebsocket;
    requires transitive org.junit.jupiter.api;
    requires io.cspwebsocket.impl;

    exports io.cspwebsocket.test;
}
