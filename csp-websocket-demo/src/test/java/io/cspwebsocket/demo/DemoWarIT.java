package io.cspwebsocket.demo;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;

/**
 * The WAR holds what a user's WAR would, and nothing of the launcher: the pages, the static
 * files, the chat's admin servlet and the PHA.COM.WebSocket servlet, csp-websocket-api and -impl in {@code WEB-INF/lib}, no
 * {@code web.xml}, no servlet API and no Tomcat.
 */
class DemoWarIT {

    @Test
    void warHasThePagesAndTheLibraryOnly() throws IOException {
        try (ZipFile war = new ZipFile(DemoTestEnvironment.war().toFile())) {
            List<String> names = war.stream().map(ZipEntry::getName).toList();
            List<String> libs = names.stream()
                    .filter(name -> name.startsWith("WEB-INF/lib/") && name.endsWith(".jar"))
                    .map(name -> name.substring("WEB-INF/lib/".length()).replaceAll("-[0-9][^/]*\\.jar$", ""))
                    .sorted()
                    .toList();
            assertAll(
                    () -> assertEquals(List.of("csp-websocket-api", "csp-websocket-impl"), libs, "WEB-INF/lib"),
                    () -> assertFalse(names.contains("WEB-INF/web.xml"), "no web.xml: the initializer finds the pages"),
                    () -> assertTrue(names.contains("WEB-INF/classes/io/cspwebsocket/demo/MyWebSocketServer.class")),
                    () -> assertTrue(names.contains("WEB-INF/classes/io/cspwebsocket/demo/ChatServer.class")),
                    () -> assertTrue(names.contains("WEB-INF/classes/io/cspwebsocket/demo/ChatAdminServlet.class")),
                    () -> assertTrue(names.contains("WEB-INF/classes/io/cspwebsocket/demo/PhaComWebSocket.class")),
                    () -> assertTrue(names.contains("WEB-INF/classes/io/cspwebsocket/demo/PhaSocketsServlet.class")),
                    () -> assertTrue(names.contains("index.html")),
                    () -> assertTrue(names.contains("js/echo.js")),
                    () -> assertTrue(names.contains("chat.html")),
                    () -> assertTrue(names.contains("js/chat.js")),
                    () -> assertTrue(names.contains("pha.html")),
                    () -> assertTrue(names.contains("js/pha.js")),
                    () -> assertTrue(names.stream().noneMatch(name -> name.contains("/launcher/")), "no launcher class"),
                    () -> assertTrue(names.stream().noneMatch(name -> name.contains("tomcat")), "no Tomcat jar"));
        }
    }
}
