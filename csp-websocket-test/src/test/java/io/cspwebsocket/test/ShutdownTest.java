package io.cspwebsocket.test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Shutdown closes with 1001, runs onPostServer, and reports page threads that did not end. */
class ShutdownTest {

    @Test
    void shutdownClosesEverySocketWith1001AndRunsOnPostServer() {
        CspTestRuntime runtime = CspTestRuntime.start(TestPages.Echo.class);
        PageClient client = runtime.open(TestPages.Echo.class).connect();
        runtime.shutdown();
        assertEquals(new CloseStatus(1001, "server shutting down"), client.closeStatus().orElseThrow());
        assertTrue(client.postServerRan());
        runtime.shutdown(); // only the first call does anything
    }

    @Test
    void aPageThreadThatOutlivesItsSocketFailsTheShutdown() throws InterruptedException {
        TestPages.Leaking.reset();
        CspTestRuntime runtime = CspTestRuntime.builder().pages(TestPages.Leaking.class)
                .shutdownTimeout(Duration.ofMillis(50)).start();
        runtime.open(TestPages.Leaking.class).connect();
        try {
            TestPages.Leaking.awaitStarted();
            AssertionError leak = assertThrows(AssertionError.class, runtime::shutdown);
            assertTrue(leak.getMessage().contains("csp-page "), leak.getMessage());
        } finally {
            TestPages.Leaking.release();
        }
    }

    @Test
    void twoRuntimesNeverServeOnePageClassAtOnce() {
        try (CspTestRuntime first = CspTestRuntime.start(TestPages.Echo.class)) {
            IllegalStateException second = assertThrows(IllegalStateException.class,
                    () -> CspTestRuntime.start(TestPages.Room.class, TestPages.Echo.class));
            assertTrue(second.getMessage().contains("another CspTestRuntime"), second.getMessage());
            assertTrue(second.getMessage().contains(TestPages.Echo.class.getName()), second.getMessage());
            assertEquals(0, first.openSockets()); // the first one is untouched
            // The refused one claimed nothing: Room is free for another runtime.
            CspTestRuntime.start(TestPages.Room.class).shutdown();
        }
        CspTestRuntime.start(TestPages.Echo.class).shutdown(); // and one after the other is fine
    }

    @Test
    void runtimesOfOtherPageClassesRunSideBySideAsTwoApplications() {
        try (CspTestRuntime rooms = CspTestRuntime.start(TestPages.Room.class);
             CspTestRuntime echoes = CspTestRuntime.start(TestPages.Echo.class)) {
            PageClient ann = rooms.open(TestPages.Room.class).connect();
            PageClient echo = echoes.open(TestPages.Echo.class).connect();
            assertEquals(java.util.Set.of(ann.webSocketId()), rooms.openIds(TestPages.Room.class));
            assertEquals(1, echoes.broadcast(TestPages.Echo.class, "to the echo"));
            assertEquals("to the echo", echo.receiveText());
            echoes.shutdown(); // an undeploy of one application leaves the other's sockets open
            assertEquals(1001, echo.closeStatus().orElseThrow().code());
            assertTrue(ann.isOpen());
            assertEquals(1, rooms.openSockets());
        }
    }
}
