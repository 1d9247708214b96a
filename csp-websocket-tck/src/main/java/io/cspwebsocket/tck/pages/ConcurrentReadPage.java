package io.cspwebsocket.tck.pages;

import io.cspwebsocket.CspClass;
import io.cspwebsocket.CspStatus;
import io.cspwebsocket.ReadResult;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A second reader while one is reading (SPEC §3.1): a helper thread blocks in
 * {@code read(0, 30 s)}; once it is waiting, {@code server()} itself calls {@code read} and
 * reports {@code "second=<exception class>"}; then the helper's read returns the client's next
 * message, reported as {@code "first=<code>:<data>"}.
 */
@CspClass("TCK.ConcurrentRead")
public class ConcurrentReadPage extends TckPage {

    /** The CSP class name. */
    public static final String NAME = "TCK.ConcurrentRead";

    /** Created by the runtime. */
    public ConcurrentReadPage() {
    }

    @Override
    protected CspStatus server() {
        AtomicReference<ReadResult> first = new AtomicReference<>();
        Thread reader = new Thread(() -> first.set(read(0, Duration.ofSeconds(30))), "tck-first-reader");
        reader.setDaemon(true);
        reader.start();
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (reader.getState() != Thread.State.TIMED_WAITING && reader.getState() != Thread.State.WAITING
                && reader.isAlive() && System.nanoTime() - deadline < 0) {
            Thread.onSpinWait();
        }
        Throwable caught = null;
        try {
            ReadResult second = read(0, Duration.ofMillis(200));
            write("second-returned=" + second);
        } catch (RuntimeException e) {
            caught = e;
        }
        write("second=" + Board.describe(caught));
        try {
            reader.join(Duration.ofSeconds(35).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        ReadResult r = first.get();
        write("first=" + (r == null ? "none" : code(r.status()) + ":" + r.data()));
        return CspStatus.OK;
    }
}
