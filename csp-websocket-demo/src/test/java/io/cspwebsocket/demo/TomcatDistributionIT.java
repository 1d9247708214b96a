package io.cspwebsocket.demo;

import static io.cspwebsocket.demo.WebSocketRecorder.assertCloseCode;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The deployment users do: the demo WAR, without web.xml, dropped into the {@code webapps/} of a
 * real, unpacked Apache Tomcat distribution and started with {@code catalina.sh run}.
 *
 * <p>The distribution is unpacked by the pom into {@code target/tomcat-dist} and run by
 * {@link TomcatDistribution}, whose {@code webapps/} holds the WAR twice: as {@code ROOT.war} (the
 * URLs of the IRIS documentation) and as {@code csp-demo.war} (the same page under a context path).
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class TomcatDistributionIT {

    private static TomcatDistribution tomcat;
    private static URI base;

    @BeforeAll
    static void startTomcat() throws IOException {
        Path war = DemoTestEnvironment.war();
        tomcat = TomcatDistribution.start(DemoTestEnvironment.tomcatHome(), Map.of("ROOT.war", war, "csp-demo.war", war),
                "HTTP 200 from / and /csp-demo/",
                candidate -> Http.statusOrMinusOne(candidate) == 200 && Http.statusOrMinusOne(candidate.resolve("/csp-demo/")) == 200,
                DemoTestEnvironment.STARTUP_TIMEOUT);
        base = tomcat.base();
    }

    @AfterAll
    static void stopTomcat() {
        if (tomcat != null) {
            tomcat.close();
        }
    }

    @Test
    void rootWarServesTheDocumentedUrl() throws IOException {
        assertEchoApplication(base);
    }

    @Test
    void warUnderAContextPathServesThePageBelowIt() throws IOException {
        assertEchoApplication(base.resolve("/csp-demo/"));
    }

    /**
     * The shared-mode chat and its {@code @WebServlet} admin servlet, found by the distribution's
     * annotation scan, in both applications; each WAR has its own registry of sockets.
     */
    @Test
    void chatAndAdminServletWorkInEachApplicationSeparately() throws IOException {
        URI demoRoot = base.resolve("/csp-demo/");
        try (WebSocketRecorder inRoot = WebSocketRecorder.connect(chatUri(base, "dist"), "chat");
             WebSocketRecorder inDemo = WebSocketRecorder.connect(chatUri(demoRoot, "dist"), "chat")) {
            String rootId = (String) ChatJson.parse(inRoot.expectText()).get("id");
            Map<String, Object> demoWelcome = ChatJson.parse(inDemo.expectText());
            assertEquals("welcome", demoWelcome.get("type"), demoWelcome.toString());
            assertEquals(List.of(), demoWelcome.get("members"), "the ROOT application's socket is not in /csp-demo's room");

            HttpResponse<String> pushed = Http.postForm(demoRoot.resolve("admin/push"), Map.of("message", "from /csp-demo", "room", "dist"));
            assertEquals(200, pushed.statusCode(), pushed.body() + "\n" + tomcat.tail());
            assertEquals("pushed to 1 socket(s) in room dist", pushed.body().strip());
            assertEquals(Map.of("type", "admin", "text", "from /csp-demo", "room", "dist"), ChatJson.parse(inDemo.expectText()));

            inRoot.send("root only");
            assertEquals(Map.of("type", "message", "from", rootId, "room", "dist", "text", "root only"),
                    ChatJson.parse(inRoot.expectText()), "the push to /csp-demo did not reach ROOT");
            inRoot.assertExhausted();
            inDemo.assertExhausted();
        }
    }

    private static URI chatUri(URI contextRoot, String room) {
        return URI.create("ws://" + contextRoot.getAuthority() + contextRoot.getPath() + "csp/user/MyApp.Chat.cls?room=" + room);
    }

    private static void assertEchoApplication(URI contextRoot) throws IOException {
        HttpResponse<String> index = Http.get(contextRoot);
        assertEquals(200, index.statusCode(), "GET " + contextRoot + "\n" + tomcat.tail());
        assertTrue(index.body().contains("/csp/user/MyApp.MyWebSocketServer.cls"), "index.html of " + contextRoot);

        URI page = URI.create("ws://" + contextRoot.getAuthority() + contextRoot.getPath() + DemoTestEnvironment.ECHO_PAGE_PATH);
        try (WebSocketRecorder client = WebSocketRecorder.connect(page, "chat")) {
            assertEquals("chat", client.subprotocol(), "subprotocol selected at " + page);
            client.send("hello from the distribution");
            assertEquals("hello from the distribution", client.expectText());
            client.send("exit");
            assertCloseCode(1000, client.expectClose());
            client.assertExhausted();
        }
    }
}
