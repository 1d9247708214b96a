/**
 * csp-websocket's page API: the page class {@link io.cspwebsocket.CspWebSocket}, its annotation,
 * statuses and handles (package {@code io.cspwebsocket}), and the service-provider interface a
 * runtime and a cluster binding implement (package {@code io.cspwebsocket.spi}). It requires
 * nothing but {@code java.base}.
 *
 * <p>The runtime (csp-websocket-impl) is found with {@link java.util.ServiceLoader} as a
 * {@link io.cspwebsocket.spi.CspRuntime} provider. In a web application every jar is on the class
 * path and this descriptor only names the module; on the module path it also makes that look-up
 * legal. The SPI package is exported to everyone because a cluster binding in another module
 * (csp-websocket-redis, an automatic module) implements it. The page-access bridge, which calls a
 * page's protected callbacks, has a package of its own ({@code io.cspwebsocket.internal}) exported
 * only to the runtime; it also guards itself ({@code CspPageAccess.install} accepts only
 * {@code CspWebSocket}'s own implementation).
 */
@SuppressWarnings("module") // the qualified export names the runtime, which is not on this module's path
module io.cspwebsocket {
    exports io.cspwebsocket;
    exports io.cspwebsocket.spi;
    exports io.cspwebsocket.internal to io.cspwebsocket.impl;

    uses io.cspwebsocket.spi.CspRuntime;
}
