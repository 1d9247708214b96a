/**
 * The demo's pages, written as csp-websocket page classes: the InterSystems echo server
 * {@code MyApp.MyWebSocketServer} (synchronous mode, a blocking read/write loop) and the chat
 * {@code MyApp.Chat} (shared mode: {@code onClientMessage}, rooms, {@code openIds} and
 * {@code openServer}), with {@code ChatAdminServlet}, which pushes to the chat from a servlet.
 * Deployed in a WAR, the pages are found by the library's {@code ServletContainerInitializer}
 * and the servlet by its {@code @WebServlet} annotation; no {@code web.xml} is needed.
 */
package io.cspwebsocket.demo;
