package io.cspwebsocket.impl.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** A socket's own counts, and how they join the application's totals when it closes. */
class TrafficTest {

    private final Metrics totals = new Metrics(List.of());
    private final Traffic traffic = new Traffic(totals);

    @Test
    void countsStayOnTheSocketUntilFolded() {
        traffic.received(10, false);
        traffic.received(6, true);
        traffic.sent(7);
        assertEquals(1, traffic.get(Traffic.Count.MESSAGES_IN));
        assertEquals(16, traffic.get(Traffic.Count.BYTES_IN));
        assertEquals(1, traffic.get(Traffic.Count.MESSAGES_OUT));
        assertEquals(7, traffic.get(Traffic.Count.BYTES_OUT));
        assertEquals(0, totals.messagesIn.sum() + totals.bytesIn.sum() + totals.messagesOut.sum() + totals.bytesOut.sum(),
                "nothing reaches the shared counters per message");
    }

    @Test
    void foldMovesEveryCountOnceAndLaterCountsGoToTheTotals() {
        traffic.received(5, true);
        traffic.sent(3);
        traffic.fold();
        assertEquals(1, totals.messagesIn.sum());
        assertEquals(5, totals.bytesIn.sum());
        assertEquals(1, totals.messagesOut.sum());
        assertEquals(3, totals.bytesOut.sum());
        assertEquals(0, traffic.get(Traffic.Count.MESSAGES_IN), "folded: nothing left on the socket");

        traffic.sent(4); // a send that completes after the close
        traffic.received(2, true);
        traffic.fold(); // a second fold adds nothing twice
        assertEquals(2, totals.messagesOut.sum());
        assertEquals(7, totals.bytesOut.sum());
        assertEquals(2, totals.messagesIn.sum());
        assertEquals(7, totals.bytesIn.sum());
        assertEquals(0, traffic.get(Traffic.Count.BYTES_OUT));
    }

    @Test
    void anApplicationsCountIsItsTotalsPlusItsOpenSockets() {
        totals.bytesOut.add(100); // sockets closed before
        traffic.sent(20);
        Traffic other = new Traffic(totals);
        other.sent(3);
        assertEquals(123, Traffic.Count.BYTES_OUT.sum(totals, List.of(traffic, other)));
        other.fold(); // that socket closes
        assertEquals(123, Traffic.Count.BYTES_OUT.sum(totals, List.of(traffic)), "its counts now in the totals");
    }

    /** A socket that closes while the application's figures are being read is missed once, never counted twice. */
    @Test
    void aSocketFoldedDuringAReadIsNeverCountedTwice() {
        traffic.sent(20);
        // The open sockets as the registry hands them out; the socket closes just after it was read.
        Iterable<Traffic> open = () -> new java.util.Iterator<>() {
            private boolean given;

            @Override
            public boolean hasNext() {
                if (given) {
                    traffic.fold(); // its counts move to the totals after the read took them from it
                    return false;
                }
                return true;
            }

            @Override
            public Traffic next() {
                given = true;
                return traffic;
            }
        };
        long read = Traffic.Count.BYTES_OUT.sum(totals, open);
        assertEquals(20, read, "read once: from the socket, not again from the totals");
        assertEquals(20, Traffic.Count.BYTES_OUT.sum(totals, List.of()), "and the next read finds them in the totals");
    }
}
