package io.cspwebsocket.impl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cspwebsocket.CspClass;
import io.cspwebsocket.CspStatus;
import io.cspwebsocket.CspWebSocket;
import io.cspwebsocket.ReadResult;
import jakarta.websocket.Endpoint;
import jakarta.websocket.server.ServerApplicationConfig;
import jakarta.websocket.server.ServerEndpointConfig;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.glassfish.tyrus.server.Server;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The adapter on standalone Tyrus (Grizzly), without a servlet layer: the fast way to exercise
 * it on Payara's WebSocket implementation. A refused handshake closes with 1008 here (no 403
 * without servlets, SPEC §2.2).
 */
class StandaloneTyrusTest {

    @CspClass("Tyrus.Echo")
    public static class Echo extends CspWebSocket {
        @Override
        protected CspStatus server() {
            for (;;) {
                ReadResult r = read(5, Duration.ofSeconds(10));
                if (r.status().isClosed()) {
                    return r.status();
                }
                if (r.data().equals("exit")) {
                    return endServer();
                }
                write(r.data() + (r.atEnd() ? "$" : "+"));
            }
        }
    }

    @CspClass("Tyrus.Refuse")
    public static class Refuse extends CspWebSocket {
        @Override
        protected CspStatus onPreServer() {
            return CspStatus.error("no");
        }

        @Override
        protected CspStatus server() {
            throw new AssertionError("server() must not run after a refusal");
        }
    }

    /** Tyrus instantiates this class itself: the endpoints come from a static field. */
    public static class Application implements ServerApplicationConfig {
        @Override
        public Set<ServerEndpointConfig> getEndpointConfigs(Set<Class<? extends Endpoint>> scanned) {
            return endpoints.configs();
        }

        @Override
        public Set<Class<?>> getAnnotatedEndpointClasses(Set<Class<?>> scanned) {
            return Set.of();
        }
    }

    private static CspEndpoints endpoints;
    private static Server server;

    @BeforeAll
    static void start() throws Exception {
        endpoints = CspEndpoints.of(List.of(Echo.class, Refuse.class), Map.of());
        server = new Server("127.0.0.1", -1, "/", Map.of(), Application.class); // -1: a free port
        server.start();
    }

    @AfterAll
    static void stop() {
        server.stop();
        endpoints.close();
    }

    private static String url(String path) {
        return "ws://127.0.0.1:" + server.getPort() + path;
    }

    @Test
    void spec3_1_piecesAndEchoOnTyrus() throws Exception {
        WsRecorder client = WsRecorder.connect(url("/csp/user/Tyrus.Echo.cls"), "chat");
        assertEquals("chat", client.socket.getSubprotocol());
        client.send("abcdefgh");
        assertEquals("abcde+", client.next());
        assertEquals("fgh$", client.next());
        client.send("exit");
        assertEquals(1000, client.awaitClose());
    }

    @Test
    void spec2_2_refusalWithoutServletLayerCloses1008() throws Exception {
        WsRecorder client = WsRecorder.connect(url("/csp/user/Tyrus.Refuse.cls"));
        assertEquals(1008, client.awaitClose());
        assertTrue(client.messages.isEmpty());
    }
}
