package io.cspwebsocket.test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Read timeouts follow the runtime's clock, not real time. */
class TestClockTest {

    @Test
    void aReadTimesOutWhenTheClockPassesItsTimeoutAndNotBefore() {
        try (CspTestRuntime runtime = CspTestRuntime.start(TestPages.Echo.class)) {
            PageClient client = runtime.open(TestPages.Echo.class).connect();
            client.awaitReading();
            runtime.clock().advance(Duration.ofSeconds(10).minusNanos(1));
            // Had the timeout fired, "timeout" would come before the echo.
            client.sendText("still here");
            assertEquals("still here", client.receiveText());
            client.awaitReading();
            runtime.clock().advance(Duration.ofSeconds(10));
            assertEquals("timeout", client.receiveText());
            assertEquals(Duration.ofSeconds(20).minusNanos(1), runtime.clock().elapsed());
        }
    }

    @Test
    void eachAdvanceEndsOneTimeoutOfTheLoop() {
        try (CspTestRuntime runtime = CspTestRuntime.start(TestPages.Echo.class)) {
            PageClient client = runtime.open(TestPages.Echo.class).connect();
            for (int i = 0; i < 3; i++) {
                client.awaitReading();
                runtime.clock().advance(Duration.ofSeconds(10));
                assertEquals("timeout", client.receiveText());
            }
        }
    }

    @Test
    void theClockOnlyGoesForward() {
        TestClock clock = new TestClock();
        assertThrows(IllegalArgumentException.class, () -> clock.advance(Duration.ofSeconds(-1)));
        assertEquals(Duration.ZERO, clock.elapsed());
    }
}
