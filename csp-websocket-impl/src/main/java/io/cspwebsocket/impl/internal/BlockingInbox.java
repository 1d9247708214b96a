package io.cspwebsocket.impl.internal;

import io.cspwebsocket.ReadResult;
import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The client messages of one socket, waiting for {@code read} (SPEC §3).
 *
 * <p>The container's thread offers message fragments; the page's thread
 * {@linkplain #read reads} pieces of at most {@code len} units (chars of text, bytes of binary).
 * The inbox holds at most {@code capacity} units plus one fragment: when it is full, it
 * {@linkplain FlowControl#pause() pauses} the socket until the page has read half of it, or,
 * where the container cannot pause a socket, the offer blocks the container thread. Either way
 * the container stops reading, so TCP flow control pushes back on the client instead of memory
 * growing (§3.5).
 *
 * <p>Text fragments never end in the high half of a surrogate pair (the adapter carries it over
 * to the next fragment), so a piece only has to avoid splitting a pair inside one fragment.
 *
 * <p>Long read timeouts: a timed park of a virtual thread schedules a timer task in the JDK's
 * scheduler and cancels it when the thread is unparked, waking the scheduler's thread each time;
 * a timed park of a platform thread arms and cancels a kernel timer. Pages usually read with a
 * long timeout (IRIS {@code Read()}: a day), and a message normally ends the wait long before it,
 * so that timer was paid on every message.
 * Given a {@code wakeups} executor, a wait of at least {@link #COARSE_WAIT_NANOS} instead parks
 * without a timeout, and one wake-up task per inbox, armed for the earliest deadline not yet
 * passed and kept across reads, signals the reader at its deadline. The executor is the
 * heartbeat's, so such a timeout can end late by as long as one heartbeat pass takes.
 */
public final class BlockingInbox implements Inbound {

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition notFull = lock.newCondition();
    private final int capacity;
    private final boolean ignoreBoundaries;
    private final FlowControl flow;
    private final ScheduledExecutorService wakeups;
    private final PageClock clock;

    /** Waits at least this long use the inbox's wake-up task rather than a timed park (when it has one). */
    static final long COARSE_WAIT_NANOS = TimeUnit.SECONDS.toNanos(1);

    // All guarded by lock.
    // Small at first: an idle socket keeps this array for as long as it is open (the default
    // holds 16), and a deque that a burst has grown keeps its size.
    private final ArrayDeque<Fragment> fragments = new ArrayDeque<>(2);
    private long queuedUnits;
    private boolean endOfInput;
    private boolean terminated; // set only by terminateLocked, which also empties, resumes and wakes
    private Thread reader;
    private boolean paused; // flow is paused: whoever clears it resumes the flow, under the lock
    private ScheduledFuture<?> wakeup; // the reader's wake-up at wakeupAt, when armed
    private long wakeupAt;
    private long wakeupGeneration;

    /**
     * @param capacity units held before the socket is paused or {@code offer} blocks
     * @param ignoreBoundaries IRIS {@code NoDataFraming}: pieces run across messages (§9)
     */
    public BlockingInbox(int capacity, boolean ignoreBoundaries) {
        this(capacity, ignoreBoundaries, null);
    }

    /**
     * @param capacity units held before the socket is paused or {@code offer} blocks
     * @param ignoreBoundaries IRIS {@code NoDataFraming}: pieces run across messages (§9)
     * @param flow pauses the socket; {@code null} to block the offering thread instead
     */
    BlockingInbox(int capacity, boolean ignoreBoundaries, FlowControl flow) {
        this(capacity, ignoreBoundaries, flow, null);
    }

    /**
     * @param capacity units held before the socket is paused or {@code offer} blocks
     * @param ignoreBoundaries IRIS {@code NoDataFraming}: pieces run across messages (§9)
     * @param flow pauses the socket; {@code null} to block the offering thread instead
     * @param wakeups runs the wake-up task of long waits; {@code null} to park with a timeout
     */
    BlockingInbox(int capacity, boolean ignoreBoundaries, FlowControl flow, ScheduledExecutorService wakeups) {
        this(capacity, ignoreBoundaries, flow, wakeups, PageClock.SYSTEM);
    }

    /**
     * @param capacity units held before the socket is paused or {@code offer} blocks
     * @param ignoreBoundaries IRIS {@code NoDataFraming}: pieces run across messages (§9)
     * @param flow pauses the socket; {@code null} to block the offering thread instead
     * @param wakeups runs the wake-up task of long waits; {@code null} to park with a timeout.
     *        Must be {@code null} unless {@code clock} is {@link PageClock#SYSTEM}: the task runs
     *        in real time
     * @param clock the time read timeouts are measured in
     */
    BlockingInbox(int capacity, boolean ignoreBoundaries, FlowControl flow, ScheduledExecutorService wakeups,
                  PageClock clock) {
        this.capacity = capacity;
        this.ignoreBoundaries = ignoreBoundaries;
        this.flow = flow;
        this.wakeups = wakeups;
        this.clock = clock;
    }

    /**
     * Adds a text fragment, blocking while the inbox is full.
     *
     * @param text the fragment
     * @param last whether it ends its message
     * @return {@code false} if the inbox was terminated and the fragment dropped
     * @throws InterruptedException if the container thread is interrupted while blocked
     */
    @Override
    public boolean offerText(String text, boolean last) throws InterruptedException {
        return offer(new Fragment(text, null, last));
    }

    /**
     * Adds a binary fragment, blocking while the inbox is full.
     *
     * @param bytes the fragment (not copied: the caller hands it over)
     * @param last whether it ends its message
     * @return {@code false} if the inbox was terminated and the fragment dropped
     * @throws InterruptedException if the container thread is interrupted while blocked
     */
    @Override
    public boolean offerBinary(byte[] bytes, boolean last) throws InterruptedException {
        return offer(new Fragment(null, bytes, last));
    }

    private boolean offer(Fragment fragment) throws InterruptedException {
        Thread waiting;
        lock.lockInterruptibly();
        try {
            // Always accept into an empty inbox, so one fragment larger than the capacity fits.
            while (flow == null && !terminated && !endOfInput && queuedUnits >= capacity && !fragments.isEmpty()) {
                notFull.await();
            }
            if (terminated || endOfInput) {
                return false;
            }
            fragments.addLast(fragment);
            queuedUnits += fragment.length();
            waiting = reader;
            if (flow != null && !paused && queuedUnits >= capacity) {
                paused = true;
                flow.pause(); // under the lock, so a resume can never overtake it
            }
        } finally {
            lock.unlock();
        }
        // The reader is woken after the lock is released, not under it: woken under it, the reader
        // finds the lock still held, parks again on the lock, and the unlock has to wake it a second
        // time, two wake-ups per message instead of one (seen as futex wake-ups on both sides in a
        // profile of the synchronous echo). No wake-up is lost: the reader was published under the
        // lock before it checked for a fragment, and an unpark that comes before its park is kept as
        // its permit; an unpark that comes after its read returned is a spurious wake-up, which
        // every park re-checks.
        if (waiting != null) {
            LockSupport.unpark(waiting);
        }
        return true;
    }

    /** The client closed: what is queued can still be read, then reads return 7951 (§3.3). */
    @Override
    public void endOfInput() {
        lock.lock();
        try {
            endOfInput = true;
            disarmWakeup();
            wakeReaderLocked();
            notFull.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** The server closed ({@code endServer}, shutdown): drop everything; reads return 7951 at once. */
    @Override
    public void terminate() {
        lock.lock();
        try {
            terminateLocked();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Ends the inbox for good, under the lock: for {@link #terminate()}, and for a read whose
     * thread is interrupted (shutdown abandoning the page), which must leave the socket as a
     * terminate does. Queued units are released, so the heartbeat sees no backlog that nobody will
     * read (a backlog holds off the idle timeout); a paused socket is resumed, so the container
     * reads it again (what it delivers is dropped) and sees the client's close or silence; and
     * container threads blocked in an offer wake up to drop their fragments.
     */
    private void terminateLocked() {
        terminated = true;
        fragments.clear();
        queuedUnits = 0;
        disarmWakeup();
        wakeReaderLocked();
        notFull.signalAll();
        if (paused) {
            paused = false;
            flow.resumeAtEnd(); // under the lock, as pause() is, so the two never cross
        }
    }

    /**
     * Reads the next piece of at most {@code len} units of the current message (§3.1-§3.3).
     *
     * @param len maximum units, at least 1
     * @param timeout how long to wait for the first unit; zero polls
     * @return the piece, or a timeout or closed result
     * @throws IllegalStateException if another thread is reading
     */
    public ReadResult read(int len, Duration timeout) {
        long timeoutNanos = Math.min(timeout.toNanos(), Long.MAX_VALUE / 4);
        lock.lock();
        try {
            enterReader();
            try {
                return readLocked(len, timeoutNanos);
            } finally {
                reader = null;
            }
        } finally {
            lock.unlock();
        }
    }

    private void enterReader() {
        Thread current = Thread.currentThread();
        if (reader != null && reader != current) {
            throw new IllegalStateException("read is for one thread at a time; " + reader.getName()
                    + " is reading this socket");
        }
        reader = current;
    }

    private ReadResult readLocked(int len, long timeoutNanos) {
        Piece piece = null;
        // The clock is read only once the inbox is found empty (then the deadline is set from it):
        // a read that finds its message waiting reads no clock, one that waits reads it once a pass.
        long deadline = 0;
        boolean timing = false;
        while (true) {
            if (terminated) {
                return ReadResult.closed();
            }
            Fragment head = fragments.peekFirst();
            if (head == null) {
                if (piece != null && (ignoreBoundaries || endOfInput)) {
                    return piece.result(false); // no framing: return what has arrived; or message cut by close
                }
                if (endOfInput) {
                    return ReadResult.closed();
                }
                long now = clock.nanoTime();
                if (!timing) {
                    deadline = now + timeoutNanos;
                    timing = true;
                }
                long remaining = deadline - now;
                if (remaining <= 0) {
                    return piece == null ? ReadResult.timeout() : piece.result(false);
                }
                await(remaining, deadline);
                continue;
            }
            if (piece == null && head.offset == 0 && head.last && !ignoreBoundaries && head.length() <= len) {
                // The usual case, a whole message that fits in one piece: handed over as it is, no copy.
                fragments.pollFirst();
                queuedUnits -= head.length();
                notFull.signal();
                resumeIfDrained();
                return head.isBinary() ? ReadResult.binary(head.bytes, true) : ReadResult.text(head.text, true);
            }
            if (piece == null) {
                piece = new Piece(head.isBinary());
            } else if (piece.binary != head.isBinary()) {
                return piece.result(false); // only possible without framing: a piece holds one kind
            }
            int taken = piece.take(head, len - piece.size);
            if (taken < 0) {
                return piece.result(false); // would have split a surrogate pair: end one char early
            }
            if (head.remaining() == 0) {
                fragments.pollFirst();
                queuedUnits -= head.length();
                notFull.signal();
                resumeIfDrained();
                if (head.last && !ignoreBoundaries) {
                    return piece.result(true);
                }
            }
            if (piece.size >= len) {
                return piece.result(false);
            }
        }
    }

    private void resumeIfDrained() {
        if (paused && queuedUnits <= capacity / 2) {
            paused = false;
            flow.resume();
        }
    }

    /** @return whether unread data is waiting: the client is not idle, the page is behind */
    @Override
    public boolean backlogged() {
        lock.lock();
        try {
            return queuedUnits > 0;
        } finally {
            lock.unlock();
        }
    }

    /** Waits for a fragment, a close, or {@code deadline} ({@code remaining} from now), under the lock. */
    private void await(long remaining, long deadline) {
        if (wakeups == null || remaining < COARSE_WAIT_NANOS) {
            awaitUntil(deadline, remaining);
            return;
        }
        if (wakeup == null || wakeupAt - deadline > 0) {
            // None armed, or only for later than this read's deadline: arm one for this deadline.
            disarmWakeup();
            long generation = ++wakeupGeneration;
            try {
                wakeup = wakeups.schedule(() -> wakeReader(generation), remaining, TimeUnit.NANOSECONDS);
            } catch (RejectedExecutionException e) {
                awaitUntil(deadline, remaining); // the application is stopping: terminate() follows
                return;
            }
            wakeupAt = deadline;
        }
        // Armed for this deadline or an earlier one: a wake-up before the deadline re-arms in the loop.
        parkUnlocked(0, 0);
    }

    private void wakeReader(long generation) {
        lock.lock();
        try {
            if (generation == wakeupGeneration) {
                wakeup = null;
            }
            wakeReaderLocked();
        } finally {
            lock.unlock();
        }
    }

    private void disarmWakeup() {
        if (wakeup != null) {
            wakeup.cancel(false);
            wakeup = null;
        }
    }

    private void awaitUntil(long deadline, long remaining) {
        parkUnlocked(deadline, remaining);
    }

    /**
     * The reader waits, without the lock, until {@link #wakeReaderLocked()}, the clock reaches
     * {@code deadline} ({@code remaining} from now; 0: no limit), an interrupt, or a spurious return; every caller re-checks in its loop. The reader
     * parks itself rather than waiting on a condition: an idle page's virtual thread keeps its
     * stack while it waits, and a condition's wait adds five frames to every idle page's stack.
     * No wake-up is lost: the reader is published under the lock before it checks, and a wake-up
     * given before it parks is kept as the thread's permit.
     */
    private void parkUnlocked(long deadline, long remaining) {
        lock.unlock();
        try {
            if (remaining > 0) {
                clock.parkUntil(this, deadline, remaining);
            } else {
                LockSupport.park(this);
            }
        } finally {
            lock.lock();
        }
        if (Thread.interrupted()) {
            // An interrupted page thread (shutdown abandoning it) sees the socket as closed, and the
            // inbox ends as at a terminate: nobody reads it any more.
            Thread.currentThread().interrupt();
            terminateLocked();
        }
    }

    /** Wakes the reading thread, if one is waiting; under the lock. */
    private void wakeReaderLocked() {
        Thread waiting = reader;
        if (waiting != null) {
            LockSupport.unpark(waiting);
        }
    }

    /** @return whether the socket is paused because the inbox is full (for tests and monitoring) */
    public boolean paused() {
        lock.lock();
        try {
            return paused;
        } finally {
            lock.unlock();
        }
    }

    /** @return units queued and not yet read (for tests and monitoring) */
    public long queuedUnits() {
        lock.lock();
        try {
            return queuedUnits;
        } finally {
            lock.unlock();
        }
    }

    /** One message fragment as the container delivered it, consumed from {@code offset} on. */
    private static final class Fragment {
        final String text;
        final byte[] bytes;
        final boolean last;
        int offset;

        Fragment(String text, byte[] bytes, boolean last) {
            this.text = text;
            this.bytes = bytes;
            this.last = last;
        }

        boolean isBinary() {
            return bytes != null;
        }

        int length() {
            return bytes != null ? bytes.length : text.length();
        }

        int remaining() {
            return length() - offset;
        }
    }

    /** The piece being assembled by one read. */
    private static final class Piece {
        final boolean binary;
        final StringBuilder chars;
        final ByteArrayOutputStream octets;
        int size;

        Piece(boolean binary) {
            this.binary = binary;
            this.chars = binary ? null : new StringBuilder();
            this.octets = binary ? new ByteArrayOutputStream() : null;
        }

        /**
         * Moves up to {@code want} units from the fragment into the piece.
         *
         * @return units taken, or -1 if the piece must end here to keep a surrogate pair whole
         */
        int take(Fragment fragment, int want) {
            int n = Math.min(want, fragment.remaining());
            if (binary) {
                octets.write(fragment.bytes, fragment.offset, n);
            } else {
                int end = fragment.offset + n;
                if (n > 0 && end < fragment.text.length()
                        && Character.isHighSurrogate(fragment.text.charAt(end - 1))
                        && Character.isLowSurrogate(fragment.text.charAt(end))) {
                    if (size + n > 1) {
                        n--; // end one char early rather than split the pair (§3.1)
                        if (n == 0) {
                            return -1;
                        }
                    } else {
                        n = 2; // len 1 returns the whole pair
                    }
                    end = fragment.offset + n;
                }
                chars.append(fragment.text, fragment.offset, end);
            }
            fragment.offset += n;
            size += n;
            return n;
        }

        ReadResult result(boolean atEnd) {
            return binary ? ReadResult.binary(octets.toByteArray(), atEnd) : ReadResult.text(chars.toString(), atEnd);
        }
    }
}
