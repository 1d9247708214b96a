package io.cspwebsocket.test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;

/** {@link CspPageTest}: parameters injected, the runtime shut down after each test, leaks failed. */
@CspPageTest(TestPages.Echo.class)
class CspPageTestExtensionTest {

    /** Kept from one test to the next, to see that the next test got a runtime of its own. */
    private static CspTestRuntime previous;

    @Test
    void injectsAnOpenClientTheRuntimeAndItsClock(PageClient client, CspTestRuntime runtime, TestClock clock) {
        assertEquals(Set.of(client.webSocketId()), runtime.openIds(TestPages.Echo.class));
        assertTrue(clock == runtime.clock());
        client.awaitReading();
        clock.advance(Duration.ofSeconds(10));
        assertEquals("timeout", client.receiveText());
    }

    @Test
    void twoClientParametersAreTwoSockets(PageClient one, PageClient two) {
        assertNotEquals(one.webSocketId(), two.webSocketId());
        two.sendText("two");
        assertEquals("two", two.receiveText());
    }

    @Test
    void eachTestHasItsOwnRuntimeAndTheLastOneWasShutDown(CspTestRuntime runtime) {
        CspTestRuntime earlier = previous;
        previous = runtime;
        if (earlier != null) {
            assertNotEquals(earlier, runtime);
            assertEquals(0, earlier.openSockets());
        }
    }

    @Test
    @CspPageTest(TestPages.Room.class)
    void aMethodsAnnotationReplacesTheClasssPages(PageClient client) {
        client.sendText("hi");
        assertEquals(client.webSocketId() + ": hi", client.receiveText());
    }

    @Test
    void aLeakedPageThreadFailsItsTest() throws InterruptedException {
        TestPages.Leaking.reset();
        SummaryGeneratingListener listener = new SummaryGeneratingListener();
        Launcher launcher = LauncherFactory.create();
        try {
            launcher.execute(LauncherDiscoveryRequestBuilder.request().selectors(selectClass(LeakingPageTests.class))
                    .build(), listener);
        } finally {
            TestPages.Leaking.release();
        }
        TestExecutionSummary summary = listener.getSummary();
        assertEquals(1, summary.getTestsFoundCount());
        List<TestExecutionSummary.Failure> failures = summary.getFailures();
        assertEquals(1, failures.size());
        String message = failures.get(0).getException().getMessage();
        assertTrue(message.contains("page threads still running"), message);
        // Where the leaked thread was, so that the page's loop can be found: Leaking parks in server().
        assertTrue(message.contains("TestPages$Leaking.server("), message);
    }

    /** Run only by {@link #aLeakedPageThreadFailsItsTest}: its one test passes but leaks a page thread. */
    @CspPageTest(value = TestPages.Leaking.class, shutdownTimeoutMillis = 50)
    static class LeakingPageTests {
        @Test
        void opensALeakingPage(PageClient client) {
            assertTrue(client.isOpen());
            TestPages.Leaking.awaitStarted();
        }
    }
}
