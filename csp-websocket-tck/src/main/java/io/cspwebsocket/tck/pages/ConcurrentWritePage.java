package io.cspwebsocket.tck.pages;

import io.cspwebsocket.CspClass;
import io.cspwebsocket.CspStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Many threads write to one socket at once (SPEC §4.2): {@code threads} threads (default 200)
 * start together and each writes {@code count} messages (default 50), built by
 * {@link #message(int, int, int)} ({@code size}: filler length, default 0 for a varying one). Then {@code server()} writes {@code done|ok=<n>|bad=<problems>}
 * and ends.
 */
@CspClass("TCK.ConcurrentWrite")
public class ConcurrentWritePage extends TckPage {

    /** The CSP class name. */
    public static final String NAME = "TCK.ConcurrentWrite";

    /** Created by the runtime. */
    public ConcurrentWritePage() {
    }

    /**
     * The message thread {@code t} writes as its {@code n}-th: {@code "t:n:"} then a filler of
     * one letter, so a torn or interleaved message is detectable.
     *
     * @param t the thread number
     * @param n the message number within the thread
     * @param size the filler length; 0 for one between 1 and 400 that depends on {@code t} and {@code n}
     * @return the message
     */
    public static String message(int t, int n, int size) {
        char filler = (char) ('a' + (t + n) % 26);
        return t + ":" + n + ":" + String.valueOf(filler).repeat(size > 0 ? size : 1 + (t * 31 + n * 17) % 400);
    }

    @Override
    protected CspStatus server() {
        int threads = intParam("threads", 200);
        int count = intParam("count", 50);
        int size = intParam("size", 0);
        CountDownLatch start = new CountDownLatch(1);
        AtomicInteger ok = new AtomicInteger();
        ConcurrentLinkedQueue<String> bad = new ConcurrentLinkedQueue<>();
        List<Thread> writers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int thread = t;
            Thread writer = new Thread(() -> {
                try {
                    start.await();
                    for (int n = 0; n < count; n++) {
                        CspStatus status = write(message(thread, n, size));
                        if (status.isOk()) {
                            ok.incrementAndGet();
                        } else if (bad.size() < 5) {
                            bad.add(thread + ":" + n + "=" + status.code());
                        }
                    }
                } catch (InterruptedException e) {
                    bad.add(thread + " interrupted");
                } catch (RuntimeException e) {
                    if (bad.size() < 5) {
                        bad.add(thread + " threw " + e.getClass().getName());
                    }
                }
            }, "tck-writer-" + t);
            writers.add(writer);
            writer.start();
        }
        start.countDown();
        for (Thread writer : writers) {
            try {
                writer.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return CspStatus.error("interrupted");
            }
        }
        write("done|ok=" + ok.get() + "|bad=" + String.join(";", bad));
        return CspStatus.OK;
    }
}
