package io.cspwebsocket.test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cspwebsocket.impl.CspInitParameters;
import org.junit.jupiter.api.Test;

/** Sending, receiving and closing through a {@link PageClient}, on the core's inbox and lifecycle. */
class PageClientTest {

    @Test
    void echoesTextAndEndsNormallyOnExit() {
        try (CspTestRuntime runtime = CspTestRuntime.start(TestPages.Echo.class)) {
            PageClient client = runtime.open(TestPages.Echo.class).connect();
            client.sendText("hello");
            assertEquals("hello", client.receiveText());
            assertFalse(client.postServerRan());
            client.sendText("exit");
            assertEquals(new CloseStatus(1000, ""), client.awaitClose());
            client.awaitPostServer();
            assertFalse(client.isOpen());
            assertThrows(IllegalStateException.class, () -> client.sendText("late"));
        }
    }

    @Test
    void echoesBinary() {
        try (CspTestRuntime runtime = CspTestRuntime.start(TestPages.BinaryEcho.class)) {
            PageClient client = runtime.open(TestPages.BinaryEcho.class).connect();
            client.sendBinary(new byte[] {0, 1, (byte) 0xff});
            ReceivedMessage echoed = client.receive();
            assertFalse(echoed.isText());
            assertArrayEquals(new byte[] {0, 1, (byte) 0xff}, echoed.bytes());
        }
    }

    @Test
    void fragmentsMakeOneMessageThatReadCutsIntoPieces() {
        try (CspTestRuntime runtime = CspTestRuntime.start(TestPages.Pieces.class)) {
            PageClient client = runtime.open(TestPages.Pieces.class).connect();
            client.sendText("abc", false);
            client.sendText("defg", true);
            assertEquals("abcd|false", client.receiveText());
            assertEquals("efg|true", client.receiveText());
        }
    }

    @Test
    void aSurrogatePairSplitBetweenFragmentsArrivesWhole() {
        try (CspTestRuntime runtime = CspTestRuntime.start(TestPages.Pieces.class)) {
            PageClient client = runtime.open(TestPages.Pieces.class).connect();
            client.sendText("abc\uD83D", false);
            client.sendText("\uDE00", true);
            // Without the adapter's carry the first piece would end in half a pair.
            assertEquals("abc|false", client.receiveText());
            assertEquals("\uD83D\uDE00|true", client.receiveText());
        }
    }

    @Test
    void aMessageAboveTheLimitClosesWith1009() {
        try (CspTestRuntime runtime = CspTestRuntime.builder().pages(TestPages.Whole.class)
                .initParameter(CspInitParameters.MAX_MESSAGE_SIZE, "8").start()) {
            PageClient client = runtime.open(TestPages.Whole.class).connect();
            client.sendText("12345678");
            assertEquals("12345678", client.receiveText());
            client.sendText("1234", false);
            client.sendText("56789", true);
            assertEquals(new CloseStatus(1009, "message too big"), client.awaitClose());
        }
    }

    @Test
    void thePageSeesTheClientsCloseCodeAndReason() {
        try (CspTestRuntime runtime = CspTestRuntime.start(TestPages.CloseRecorder.class)) {
            PageClient client = runtime.open(TestPages.CloseRecorder.class).connect();
            client.close(4000, "bye");
            client.awaitPostServer();
            assertEquals("4000 bye", TestPages.CloseRecorder.CLOSES.get(client.webSocketId()));
            assertEquals(new CloseStatus(4000, "bye"), client.closeStatus().orElseThrow());
        }
    }

    @Test
    void aDroppedClientIsAnAbnormalClose() {
        try (CspTestRuntime runtime = CspTestRuntime.start(TestPages.CloseRecorder.class)) {
            PageClient client = runtime.open(TestPages.CloseRecorder.class).connect();
            client.drop();
            client.awaitPostServer();
            assertEquals("1006 ", TestPages.CloseRecorder.CLOSES.get(client.webSocketId()));
        }
    }

    @Test
    void aPageThatThrowsClosesWith1011AndStillRunsOnPostServer() {
        try (CspTestRuntime runtime = CspTestRuntime.start(TestPages.Failing.class)) {
            PageClient client = runtime.open(TestPages.Failing.class).connect();
            assertEquals(new CloseStatus(1011, "server error"), client.awaitClose());
            client.awaitPostServer();
            assertTrue(client.postServerRan());
        }
    }

    @Test
    void waitingForAMessageThatNeverComesFailsWithTheReason() {
        try (CspTestRuntime runtime = CspTestRuntime.start(TestPages.Echo.class)) {
            PageClient client = runtime.open(TestPages.Echo.class).connect();
            client.sendText("exit");
            client.awaitClose();
            AssertionError failure = assertThrows(AssertionError.class,
                    () -> client.receive(java.time.Duration.ofMillis(1)));
            assertTrue(failure.getMessage().contains("closed with CloseStatus[code=1000"), failure.getMessage());
        }
    }
}
