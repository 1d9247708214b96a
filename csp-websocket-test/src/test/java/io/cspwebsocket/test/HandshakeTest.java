package io.cspwebsocket.test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** What a page learns of its handshake, and the handshake decisions, in memory. */
class HandshakeTest {

    @Test
    void thePageSeesParametersHeadersUserRolesSessionAndAddress() {
        try (CspTestRuntime runtime = CspTestRuntime.start(TestPages.Facts.class)) {
            PageClient client = runtime.open(TestPages.Facts.class)
                    .parameter("room", "lobby").header("X-Test", "yes").user("ann", "admin")
                    .sessionAttribute("cart", 3).remoteAddress("10.0.0.7").connect();
            assertEquals("lobby|yes|ann|true|3|10.0.0.7", client.receiveText());
            assertEquals(1000, client.awaitClose().code());
            assertEquals(Boolean.TRUE, client.sessionAttribute("seen"));
            assertFalse(client.sessionEnded());
        }
    }

    @Test
    void anAnonymousRequestHasNoUserAndNoRoles() {
        try (CspTestRuntime runtime = CspTestRuntime.start(TestPages.Facts.class)) {
            PageClient client = runtime.request("/csp/user/Test.Facts.cls?room=a%20b").connect();
            assertEquals("a b|null|-|false|null|127.0.0.1", client.receiveText());
        }
    }

    @Test
    void aRoleTheUserLacksIsRefused() {
        try (CspTestRuntime runtime = CspTestRuntime.start(TestPages.Facts.class)) {
            PageClient client = runtime.open(TestPages.Facts.class).user("bob", "user").connect();
            assertTrue(client.receiveText().startsWith("null|null|bob|false|"));
        }
    }

    @Test
    void sessionEndOnCloseEndsTheSession() {
        try (CspTestRuntime runtime = CspTestRuntime.start(TestPages.Facts.class)) {
            PageClient client = runtime.open(TestPages.Facts.class).parameter("endSession", "1").connect();
            client.awaitPostServer();
            assertTrue(client.sessionEnded());
        }
    }

    @Test
    void onPreServerRefusesWith403AndNoSocketOpens() {
        try (CspTestRuntime runtime = CspTestRuntime.start(TestPages.Facts.class)) {
            HandshakeResult refused = runtime.open(TestPages.Facts.class).parameter("deny", "1").handshake();
            assertEquals(403, refused.status());
            assertFalse(refused.accepted());
            assertNull(refused.client());
            assertEquals(0, runtime.openSockets());
            AssertionError failure = assertThrows(AssertionError.class,
                    () -> runtime.open(TestPages.Facts.class).parameter("deny", "1").connect());
            assertTrue(failure.getMessage().contains("HTTP 403"), failure.getMessage());
        }
    }

    @Test
    void aCrossSiteOriginIsRefusedAndTheSameOriginAccepted() {
        try (CspTestRuntime runtime = CspTestRuntime.start(TestPages.Echo.class)) {
            assertEquals(403, runtime.open(TestPages.Echo.class).origin("https://evil.example").handshake().status());
            assertEquals(403, runtime.open(TestPages.Echo.class).origin("null").handshake().status());
            assertEquals(101, runtime.open(TestPages.Echo.class).origin("http://localhost:8080").handshake().status());
            assertEquals(403, runtime.open(TestPages.Echo.class).origin("http://localhost:8080").secure()
                    .handshake().status());
        }
    }

    @Test
    void anAllowedOriginIsAccepted() {
        try (CspTestRuntime runtime = CspTestRuntime.builder().pages(TestPages.Echo.class)
                .allowedOrigins("https://app.example").start()) {
            assertEquals(101, runtime.open(TestPages.Echo.class).origin("https://app.example").handshake().status());
        }
    }

    @Test
    void anUnknownPathIs404() {
        try (CspTestRuntime runtime = CspTestRuntime.start(TestPages.Echo.class)) {
            assertEquals(404, runtime.request("/csp/user/Test.Nothing.cls").handshake().status());
            assertEquals(101, runtime.request("/csp/user/Test.Echo.cls").handshake().status());
        }
    }

    @Test
    void theDeclaredSubprotocolIsSelected() {
        try (CspTestRuntime runtime = CspTestRuntime.start(TestPages.Echo.class)) {
            assertEquals("chat", runtime.open(TestPages.Echo.class).subprotocols("superchat", "chat").connect()
                    .subprotocol());
            assertEquals("", runtime.open(TestPages.Echo.class).subprotocols("superchat").connect().subprotocol());
        }
    }

    @Test
    void aClassThatIsNotAPageIsRefusedAtStart() {
        assertThrows(IllegalArgumentException.class, () -> CspTestRuntime.start(String.class));
        try (CspTestRuntime runtime = CspTestRuntime.start(TestPages.Echo.class)) {
            assertThrows(IllegalArgumentException.class, () -> runtime.open(TestPages.Facts.class));
        }
    }
}
