package io.cspwebsocket.impl.internal;

import java.io.ByteArrayOutputStream;
import java.util.ArrayDeque;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Whole client messages of a shared page, waiting for {@code onClientMessage} (SPEC §2.4).
 *
 * <p>The container's thread assembles fragments into whole messages (at most the maximum
 * message size, enforced before this) and offers them; the dispatcher polls them in order. The
 * queue holds at most {@code capacity} chars or bytes plus one message: when full, it pauses the
 * socket until half is handled (or, where the container cannot pause, the offer blocks the
 * container thread), so a slow handler applies back-pressure to its client instead of letting
 * memory grow.
 */
final class MessageQueue implements Inbound {

    /** One whole message: text, or binary bytes. */
    record Message(String text, byte[] bytes) {
        int units() {
            return text != null ? text.length() : bytes.length;
        }
    }

    private final int capacity;
    private final Runnable onAvailable;
    private final Runnable onQueued;
    private final FlowControl flow;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition notFull = lock.newCondition();

    // Guarded by lock.
    // Small at first, as the inbox's: an idle socket keeps this array while it is open.
    private final ArrayDeque<Message> messages = new ArrayDeque<>(2);
    private long queuedUnits;
    private boolean endOfInput;
    private boolean terminated;
    private boolean paused;

    // Only touched by the container's thread, which offers fragments one at a time.
    private StringBuilder textParts;
    private ByteArrayOutputStream binaryParts;

    /**
     * @param capacity units held before offers block
     * @param onAvailable called (outside the lock) after the input closed, on whichever thread closed it
     * @param onQueued called (outside the lock) after a message was queued, on the container's
     *        thread that delivered it
     * @param flow pauses the socket; {@code null} to block the offering thread instead
     */
    MessageQueue(int capacity, Runnable onAvailable, Runnable onQueued, FlowControl flow) {
        this.capacity = capacity;
        this.onAvailable = onAvailable;
        this.onQueued = onQueued;
        this.flow = flow;
    }

    @Override
    public boolean offerText(String text, boolean last) throws InterruptedException {
        if (!last) {
            if (textParts == null) {
                textParts = new StringBuilder();
            }
            textParts.append(text);
            return true;
        }
        String whole = text;
        if (textParts != null) {
            whole = textParts.append(text).toString();
            textParts = null;
        }
        return offer(new Message(whole, null));
    }

    @Override
    public boolean offerBinary(byte[] bytes, boolean last) throws InterruptedException {
        if (!last) {
            if (binaryParts == null) {
                binaryParts = new ByteArrayOutputStream();
            }
            binaryParts.writeBytes(bytes);
            return true;
        }
        byte[] whole = bytes;
        if (binaryParts != null) {
            binaryParts.writeBytes(bytes);
            whole = binaryParts.toByteArray();
            binaryParts = null;
        }
        return offer(new Message(null, whole));
    }

    private boolean offer(Message message) throws InterruptedException {
        lock.lockInterruptibly();
        try {
            while (flow == null && !terminated && !endOfInput && queuedUnits >= capacity && !messages.isEmpty()) {
                notFull.await();
            }
            if (terminated || endOfInput) {
                return false;
            }
            messages.addLast(message);
            queuedUnits += message.units();
            if (flow != null && !paused && queuedUnits >= capacity) {
                paused = true;
                flow.pause(); // under the lock, so a resume can never overtake it
            }
        } finally {
            lock.unlock();
        }
        onQueued.run();
        return true;
    }

    /** @return the next message in arrival order, or {@code null} if none is queued (or terminated) */
    Message poll() {
        lock.lock();
        try {
            Message next = terminated ? null : messages.pollFirst();
            if (next != null) {
                queuedUnits -= next.units();
                notFull.signal();
                if (paused && queuedUnits <= capacity / 2) {
                    paused = false;
                    flow.resume();
                }
            }
            return next;
        } finally {
            lock.unlock();
        }
    }

    /** @return whether a message is queued, or the input is closed and nothing is queued any more */
    boolean hasWork() {
        lock.lock();
        try {
            return (!terminated && !messages.isEmpty()) || isClosedLocked();
        } finally {
            lock.unlock();
        }
    }

    /** @return whether the input closed and every message before the close was polled */
    boolean isDrainedAndClosed() {
        lock.lock();
        try {
            return isClosedLocked();
        } finally {
            lock.unlock();
        }
    }

    private boolean isClosedLocked() {
        return terminated || (endOfInput && messages.isEmpty());
    }

    @Override
    public boolean backlogged() {
        lock.lock();
        try {
            return queuedUnits > 0;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void endOfInput() {
        close(false);
    }

    @Override
    public void terminate() {
        close(true);
    }

    private void close(boolean dropQueued) {
        lock.lock();
        try {
            endOfInput = true;
            if (dropQueued) {
                terminated = true;
                messages.clear();
                queuedUnits = 0;
                if (paused) {
                    paused = false; // nobody will drain it now
                    flow.resumeAtEnd();
                }
            }
            notFull.signalAll();
        } finally {
            lock.unlock();
        }
        onAvailable.run();
    }
}
