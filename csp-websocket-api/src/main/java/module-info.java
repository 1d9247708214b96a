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
 * implements it; its page-access bridge guards itself ({@code CspPageAccess.install} accepts only
 * {@code CspWebSocket}'s own implementation).
 */
module io.cspwebsocket {
    exports io.cspwebsocket;
    exports io.cspwebsocket.spi;

    uses io.cspwebsocket.spi.CspRuntime;
}
