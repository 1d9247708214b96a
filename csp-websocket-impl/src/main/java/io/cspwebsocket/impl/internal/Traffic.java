package io.cspwebsocket.impl.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.atomic.LongAdder;

/**
 * One socket's message and byte counts, kept on the socket while it is open and folded into its
 * application's totals ({@link Metrics}) when it closes. {@link Connection} extends it, so that
 * the counts live in the connection's own object: no object more per idle socket (issue 15's
 * memory target). The application's figures
 * ({@code CspWebSocketStatistics}, the MBean) are those totals plus the open sockets' counts.
 *
 * <p>Why not the application's {@code LongAdder}s directly: every message then updated counters
 * shared by every socket (a profile of the shared echo on JDK 25, 2 cores, put about a quarter of
 * the library's own time per message in those updates; cache lines shared between the cores are
 * the likely reason, not measured). A socket's messages are counted by one thread at a time.
 *
 * <p>Folding is exact: it swaps each counter for a large negative mark and adds what it held to the
 * totals; a count that comes later (a send completing after the close) finds the mark and goes to
 * the totals itself.
 */
class Traffic implements SerializedWriter.Counter {

    /** A folded counter holds this plus whatever came after the fold (never read again). */
    private static final long FOLDED = Long.MIN_VALUE / 2;

    private static final VarHandle MESSAGES_IN_FIELD = field("messagesIn");
    private static final VarHandle BYTES_IN_FIELD = field("bytesIn");
    private static final VarHandle MESSAGES_OUT_FIELD = field("messagesOut");
    private static final VarHandle BYTES_OUT_FIELD = field("bytesOut");

    /** The four counts, each with its field here and its total in {@link Metrics}. */
    enum Count {
        MESSAGES_IN, BYTES_IN, MESSAGES_OUT, BYTES_OUT;

        // For the reads and the fold; the per-message adds use the static final VarHandles directly
        // (only those are constants the JIT compiles into the caller).
        VarHandle field() {
            return switch (this) {
                case MESSAGES_IN -> MESSAGES_IN_FIELD;
                case BYTES_IN -> BYTES_IN_FIELD;
                case MESSAGES_OUT -> MESSAGES_OUT_FIELD;
                case BYTES_OUT -> BYTES_OUT_FIELD;
            };
        }

        LongAdder total(Metrics metrics) {
            return switch (this) {
                case MESSAGES_IN -> metrics.messagesIn;
                case BYTES_IN -> metrics.bytesIn;
                case MESSAGES_OUT -> metrics.messagesOut;
                case BYTES_OUT -> metrics.bytesOut;
            };
        }

        /**
         * @param totals the application's totals (closed sockets)
         * @param open the application's open sockets
         * @return the application's count: the closed sockets' plus the open ones'
         */
        long sum(Metrics totals, Iterable<? extends Traffic> open) {
            // The totals first: a socket that folds after they were read reads 0 here, so this read
            // misses its counts once, and never counts them twice (open sockets first would see
            // them on the socket and then again in the totals).
            long sum = total(totals).sum();
            for (Traffic socket : open) {
                sum += socket.get(this);
            }
            return sum;
        }
    }

    private final Metrics totals;
    // Only through the VarHandles (atomic adds and the fold's swap).
    @SuppressWarnings("unused")
    private volatile long messagesIn;
    @SuppressWarnings("unused")
    private volatile long bytesIn;
    @SuppressWarnings("unused")
    private volatile long messagesOut;
    @SuppressWarnings("unused")
    private volatile long bytesOut;

    /** @param totals the application's totals, where {@link #fold()} puts these counts */
    Traffic(Metrics totals) {
        this.totals = totals;
    }

    /**
     * Counts a part of a client message the size limit let through (SPEC §3.5): its bytes as they
     * arrive and, at the last part, the message.
     *
     * @param bytes its bytes (text in UTF-8, as measured by the size limit)
     * @param last whether it ends the message
     */
    void received(long bytes, boolean last) {
        if ((long) BYTES_IN_FIELD.getAndAdd(this, bytes) < 0) {
            totals.bytesIn.add(bytes); // folded already: straight into the totals
        }
        if (last && (long) MESSAGES_IN_FIELD.getAndAdd(this, 1L) < 0) {
            totals.messagesIn.increment();
        }
    }

    /**
     * Counts a message sent to the client.
     *
     * @param bytes its bytes (text in UTF-8)
     */
    @Override
    public void sent(long bytes) {
        if ((long) MESSAGES_OUT_FIELD.getAndAdd(this, 1L) < 0) {
            totals.messagesOut.increment(); // folded already (a send completing after the close)
        }
        if ((long) BYTES_OUT_FIELD.getAndAdd(this, bytes) < 0) {
            totals.bytesOut.add(bytes);
        }
    }

    /** @return the count not yet folded into the totals (0 once folded) */
    long get(Count count) {
        long value = (long) count.field().getVolatile(this);
        return Math.max(0, value);
    }

    /** Moves these counts into the application's totals; later counts go there directly. Idempotent. */
    void fold() {
        for (Count count : Count.values()) {
            long value = (long) count.field().getAndSet(this, FOLDED);
            if (value > 0) {
                count.total(totals).add(value);
            }
        }
    }

    private static VarHandle field(String name) {
        try {
            return MethodHandles.lookup().findVarHandle(Traffic.class, name, long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }
}
