/**
 * The demo's pages, written as csp-websocket page classes: the InterSystems echo server
 * {@code MyApp.MyWebSocketServer} (synchronous mode, a blocking read/write loop) and the chat
 * {@code MyApp.Chat} (shared mode: {@code onClientMessage}, rooms, {@code openIds} and
 * {@code openServer}), with {@code ChatAdminServlet}, which pushes to the chat from a servlet, and
 * {@code PHA.COM.WebSocket} of a Caché article (shared mode under the CSP application
 * {@code /dthealth/web}), with {@code PhaSocketsServlet}, which lists its sockets and writes to,
 * reads from and ends them through {@code openServer}.
 * Deployed in a WAR, the pages are found by the library's {@code ServletContainerInitializer}
 * and the servlets by their {@code @WebServlet} annotations; no {@code web.xml} is needed.
 */
package io.cspwebsocket.demo;
