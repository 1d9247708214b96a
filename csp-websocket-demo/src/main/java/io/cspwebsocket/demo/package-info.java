/**
 * The demo's pages: the InterSystems echo server {@code MyApp.MyWebSocketServer}, written as a
 * csp-websocket page class. Deployed in a WAR, it is found by the library's
 * {@code ServletContainerInitializer}; no {@code web.xml} is needed.
 */
package io.cspwebsocket.demo;
