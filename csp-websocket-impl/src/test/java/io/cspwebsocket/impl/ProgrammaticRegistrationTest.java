package io.cspwebsocket.impl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cspwebsocket.CspClass;
import io.cspwebsocket.CspStatus;
import io.cspwebsocket.CspWebSocket;
import io.cspwebsocket.ReadResult;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The adapter on embedded Tomcat with pages registered in code (SPEC §1.2's programmatic
 * registration), and a quick end-to-end pass through handshake, read, write and close.
 */
class ProgrammaticRegistrationTest {

    /** The SPEC's echo page. */
    @CspClass("Test.Echo")
    public static class Echo extends CspWebSocket {
        @Override
        protected CspStatus server() {
            for (;;) {
                ReadResult r = read(32656, Duration.ofSeconds(10));
                if (r.status().isClosed()) {
                    break;
                }
                if (r.status().isTimeout()) {
                    write("timeout");
                    continue;
                }
                if (r.data().equals("exit")) {
                    break;
                }
                write(r.data() + "|" + getWebSocketId().length() + "|" + openIds(Echo.class).contains(getWebSocketId()));
            }
            return endServer();
        }
    }

    private static EmbeddedTomcat tomcat;

    @BeforeAll
    static void start() throws Exception {
        tomcat = new EmbeddedTomcat(Map.of(), Echo.class);
    }

    @AfterAll
    static void stop() throws Exception {
        tomcat.close();
    }

    @Test
    void echoesAndClosesNormallyOnExit() throws Exception {
        WsRecorder client = WsRecorder.connect(tomcat.url("/csp/user/Test.Echo.cls"), "chat");
        assertEquals("chat", client.socket.getSubprotocol());
        client.send("hello");
        assertEquals("hello|22|true", client.next());
        long inBefore = (Long) ShutdownTest.mbeanServer().getAttribute(ShutdownTest.MBEAN, "MessagesIn");
        client.send("exit");
        assertEquals(1000, client.awaitClose());
        assertTrue((Long) ShutdownTest.mbeanServer().getAttribute(ShutdownTest.MBEAN, "MessagesIn") > inBefore);
        assertTrue((Long) ShutdownTest.mbeanServer().getAttribute(ShutdownTest.MBEAN, "MessagesOut") >= 1);
    }

    @Test
    void unknownClassIs404() throws Exception {
        var error = org.junit.jupiter.api.Assertions.assertThrows(java.util.concurrent.ExecutionException.class,
                () -> WsRecorder.connect(tomcat.url("/csp/user/java.lang.Runtime.cls")));
        assertTrue(error.getCause() instanceof java.net.http.WebSocketHandshakeException, error.toString());
        assertEquals(404, ((java.net.http.WebSocketHandshakeException) error.getCause()).getResponse().statusCode());
    }
}
