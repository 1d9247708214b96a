package io.cspwebsocket.impl.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

/** The shared-mode inbox (SPEC §2.4, §3.5): what a terminate leaves of a paused socket. */
class MessageQueueTest {

    @Test
    void spec3_5_aTerminatedQueueResumesItsPausedSocketAndDropsWhatIsQueued() throws InterruptedException {
        RecordingSession session = new RecordingSession();
        MessageQueue queue = new MessageQueue(4, () -> { }, () -> { }, session.flow());
        queue.offerText("12345", true); // over the capacity: the socket is paused
        assertEquals(1, session.suspends.get(), "a full queue pauses the socket");

        queue.terminate();

        assertEquals(1, session.resumes.get(), "the paused socket is resumed: the container must read the close");
        assertFalse(queue.backlogged(), "nothing queued holds off the idle timeout");
        assertNull(queue.poll(), "what was queued is dropped");
    }
}
