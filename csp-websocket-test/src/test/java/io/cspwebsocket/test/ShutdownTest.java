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
    void onlyOneRuntimeRunsAtATime() {
        try (CspTestRuntime first = CspTestRuntime.start(TestPages.Echo.class)) {
            IllegalStateException second = assertThrows(IllegalStateException.class,
                    () -> CspTestRuntime.start(TestPages.Echo.class));
            assertTrue(second.getMessage().contains("another CspTestRuntime"), second.getMessage());
            assertEquals(0, first.openSockets()); // the first one is untouched
        }
        CspTestRuntime.start(TestPages.Echo.class).shutdown(); // and one after the other is fine
    }
}
