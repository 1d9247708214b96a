package io.cspwebsocket.demo;

import static io.cspwebsocket.demo.WebSocketRecorder.assertCloseCode;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The demo WAR, unchanged, on Payara Micro 6 (Tyrus, with CDI) started as users start it:
 * {@code java -jar payara-micro.jar --deploy csp-websocket-demo.war --nocluster}. The test adds
 * only what keeps it to itself: a free port, the HTTP listener bound to 127.0.0.1 (a pre-boot
 * command), its own root directory, and no usage tracking. One echo round trip over a real
 * socket proves the WAR is served; the TCK proves the rest on Payara (csp-websocket-tck-payara).
 */
@Timeout(value = 240, unit = TimeUnit.SECONDS)
class PayaraMicroIT {

    private static ChildProcess payara;
    private static URI contextRoot;

    @BeforeAll
    static void startPayaraMicro() throws IOException {
        Path micro = DemoTestEnvironment.payaraMicroJar();
        Path work = DemoTestEnvironment.newWorkDir("payara-micro-");
        Path preboot = work.resolve("preboot.txt");
        Files.writeString(preboot, "set configs.config.server-config.network-config.network-listeners"
                + ".network-listener.http-listener.address=127.0.0.1\n", StandardCharsets.UTF_8);
        int port = freePort();
        ProcessBuilder builder = new ProcessBuilder(List.of(
                DemoTestEnvironment.javaExecutable().toString(), "-Xmx512m", "-jar", micro.toString(),
                "--deploy", DemoTestEnvironment.war().toString(),
                "--nocluster",
                "--port", Integer.toString(port),
                "--prebootcommandfile", preboot.toString(),
                "--rootdir", work.resolve("root").toString(),
                "--disablephonehome"));
        builder.directory(work.toFile());
        payara = ChildProcess.start("Payara Micro", builder, work.resolve("payara-micro.log"));
        // Payara Micro deploys a WAR at its file name: /csp-websocket-demo.
        contextRoot = URI.create("http://127.0.0.1:" + port + "/csp-websocket-demo/");
        payara.await("HTTP 200 from " + contextRoot, () -> Http.statusOrMinusOne(contextRoot) == 200,
                DemoTestEnvironment.STARTUP_TIMEOUT.multipliedBy(2));
    }

    @AfterAll
    static void stopPayaraMicro() {
        if (payara != null) {
            payara.close();
        }
    }

    @Test
    void echoPageAnswersOverARealSocket() throws IOException {
        URI page = URI.create("ws://" + contextRoot.getAuthority() + contextRoot.getPath()
                + DemoTestEnvironment.ECHO_PAGE_PATH);
        try (WebSocketRecorder client = WebSocketRecorder.connect(page, "chat")) {
            assertEquals("chat", client.subprotocol(), "subprotocol selected at " + page);
            client.send("hello from Payara Micro");
            assertEquals("hello from Payara Micro", client.expectText(), payara::tail);
            client.send("exit");
            assertCloseCode(1000, client.expectClose());
            client.assertExhausted();
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
