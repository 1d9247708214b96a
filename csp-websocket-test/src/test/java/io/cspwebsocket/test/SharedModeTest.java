package io.cspwebsocket.test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.Set;
import org.junit.jupiter.api.Test;

/** Shared mode, openServer, openIds and broadcast among the sockets of one runtime. */
class SharedModeTest {

    @Test
    void aMessageReachesEverySocketThroughOpenIdsAndOpenServer() {
        try (CspTestRuntime runtime = CspTestRuntime.start(TestPages.Room.class)) {
            PageClient ann = runtime.open(TestPages.Room.class).connect();
            PageClient bob = runtime.open(TestPages.Room.class).connect();
            assertEquals(Set.of(ann.webSocketId(), bob.webSocketId()), runtime.openIds(TestPages.Room.class));
            ann.sendText("hi");
            assertEquals(ann.webSocketId() + ": hi", ann.receiveText());
            assertEquals(ann.webSocketId() + ": hi", bob.receiveText());
        }
    }

    @Test
    void broadcastReachesEveryOpenSocket() {
        try (CspTestRuntime runtime = CspTestRuntime.start(TestPages.Room.class)) {
            PageClient ann = runtime.open(TestPages.Room.class).connect();
            PageClient bob = runtime.open(TestPages.Room.class).connect();
            assertEquals(2, runtime.broadcast(TestPages.Room.class, "maintenance"));
            assertEquals("maintenance", ann.receiveText());
            assertEquals("maintenance", bob.receiveText());
        }
    }

    @Test
    void aClosedSocketLeavesOpenIdsAndIsAnnounced() {
        try (CspTestRuntime runtime = CspTestRuntime.start(TestPages.Room.class)) {
            PageClient ann = runtime.open(TestPages.Room.class).connect();
            PageClient bob = runtime.open(TestPages.Room.class).connect();
            bob.close();
            assertEquals("left " + bob.webSocketId(), ann.receiveText());
            bob.awaitPostServer();
            assertEquals(Set.of(ann.webSocketId()), runtime.openIds(TestPages.Room.class));
        }
    }

    @Test
    void onClientMessageRunsOnTheSocketsDeliveryThreadNotOnTheTests() {
        try (CspTestRuntime runtime = CspTestRuntime.start(TestPages.ThreadReporter.class)) {
            PageClient client = runtime.open(TestPages.ThreadReporter.class).connect();
            // After the first answer server() has returned, and a container delivers each further
            // message on the thread that read it: here the socket's delivery thread, never the client's.
            for (int i = 0; i < 5; i++) {
                client.sendText("where?");
                assertNotEquals(Thread.currentThread().getName(), client.receiveText());
            }
        }
    }
}
