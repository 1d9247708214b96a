package io.cspwebsocket.demo;

import static io.cspwebsocket.demo.WebSocketRecorder.assertCloseCode;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The deployment users do: the demo WAR, without web.xml, dropped into the {@code webapps/} of a
 * real, unpacked Apache Tomcat distribution and started with {@code catalina.sh run}.
 *
 * <p>The distribution (unpacked by the pom into {@code target/tomcat-dist}) is used as
 * {@code CATALINA_HOME} and left untouched; this test makes a fresh {@code CATALINA_BASE} (as
 * Tomcat's RUNNING.txt describes for several instances) whose {@code server.xml} listens on a free
 * port of 127.0.0.1 with the shutdown port disabled, and whose {@code webapps/} holds the WAR twice:
 * as {@code ROOT.war} (the URLs of the IRIS documentation) and as {@code csp-demo.war} (the same
 * page under a context path).
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class TomcatDistributionIT {

    private static final int ATTEMPTS = 3;

    private static ChildProcess tomcat;
    private static URI base;

    @BeforeAll
    static void startTomcat() throws IOException {
        Path home = DemoTestEnvironment.tomcatHome();
        Path war = DemoTestEnvironment.war();
        AssertionError lastFailure = null;
        // A free port can be taken by someone else between choosing and binding it: retry, bounded.
        for (int attempt = 1; attempt <= ATTEMPTS && tomcat == null; attempt++) {
            Path catalinaBase = DemoTestEnvironment.newWorkDir("tomcat-base-");
            int port = freePort();
            makeBase(home, catalinaBase, port, war);
            ChildProcess started = startCatalina(home, catalinaBase);
            URI candidate = URI.create("http://127.0.0.1:" + port + "/");
            try {
                started.await("HTTP 200 from / and /csp-demo/",
                        () -> Http.statusOrMinusOne(candidate) == 200
                                && Http.statusOrMinusOne(candidate.resolve("/csp-demo/")) == 200,
                        DemoTestEnvironment.STARTUP_TIMEOUT);
                tomcat = started;
                base = candidate;
            } catch (AssertionError e) {
                started.close();
                lastFailure = e;
            }
        }
        if (tomcat == null) {
            throw lastFailure;
        }
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

    /** A CATALINA_BASE: the distribution's conf (server.xml edited), our WARs, empty work dirs. */
    private static void makeBase(Path home, Path catalinaBase, int port, Path war) throws IOException {
        for (String dir : List.of("conf", "webapps", "logs", "temp", "work")) {
            Files.createDirectories(catalinaBase.resolve(dir));
        }
        try (Stream<Path> files = Files.list(home.resolve("conf"))) {
            for (Path file : (Iterable<Path>) files::iterator) {
                if (Files.isRegularFile(file)) {
                    Files.copy(file, catalinaBase.resolve("conf").resolve(file.getFileName()));
                }
            }
        }
        Path serverXml = catalinaBase.resolve("conf/server.xml");
        String xml = Files.readString(serverXml, StandardCharsets.UTF_8);
        String edited = replaceOnce(xml, "<Server port=\"8005\"", "<Server port=\"-1\"");
        edited = replaceOnce(edited, "<Connector port=\"8080\" protocol=\"HTTP/1.1\"",
                "<Connector address=\"127.0.0.1\" port=\"" + port + "\" protocol=\"HTTP/1.1\"");
        Files.writeString(serverXml, edited, StandardCharsets.UTF_8);

        Files.copy(war, catalinaBase.resolve("webapps/ROOT.war"), StandardCopyOption.REPLACE_EXISTING);
        Files.copy(war, catalinaBase.resolve("webapps/csp-demo.war"), StandardCopyOption.REPLACE_EXISTING);
    }

    private static ChildProcess startCatalina(Path home, Path catalinaBase) {
        ProcessBuilder builder = new ProcessBuilder("sh", home.resolve("bin/catalina.sh").toString(), "run");
        builder.directory(catalinaBase.toFile());
        Map<String, String> env = builder.environment();
        for (String inherited : List.of("JRE_HOME", "JAVA_OPTS", "CATALINA_OPTS", "CATALINA_PID", "CATALINA_TMPDIR",
                "CATALINA_OUT", "JPDA_OPTS", "LOGGING_CONFIG", "LOGGING_MANAGER")) {
            env.remove(inherited);
        }
        env.put("JAVA_HOME", System.getProperty("java.home"));
        env.put("CATALINA_HOME", home.toAbsolutePath().toString());
        env.put("CATALINA_BASE", catalinaBase.toAbsolutePath().toString());
        // Exit (rather than run without a connector) if the port was taken meanwhile.
        env.put("CATALINA_OPTS", "-Dorg.apache.catalina.startup.EXIT_ON_INIT_FAILURE=true");
        // catalina.sh run execs the JVM, so the process is Tomcat itself: SIGTERM stops it cleanly.
        return ChildProcess.start("Tomcat " + home.getFileName(), builder, catalinaBase.resolve("logs/console.log"));
    }

    private static String replaceOnce(String text, String target, String replacement) {
        int at = text.indexOf(target);
        if (at < 0 || text.indexOf(target, at + 1) >= 0) {
            throw new IllegalStateException("expected exactly one '" + target + "' in server.xml");
        }
        return text.replace(target, replacement);
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
