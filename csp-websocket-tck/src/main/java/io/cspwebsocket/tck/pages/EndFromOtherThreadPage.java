package io.cspwebsocket.tck.pages;

import io.cspwebsocket.CspClass;
import io.cspwebsocket.CspStatus;
import io.cspwebsocket.ReadResult;
import java.time.Duration;

/**
 * {@code endServer()} from a thread other than the page's (SPEC §5, §11): writes
 * {@code "ready"}, starts a helper thread that waits for signal {@code <token>.end} and calls
 * {@code endServer()} (recording its status as {@code helperEnd}), while {@code server()}
 * blocks in {@code read(0, 60 s)}; records that read's result as {@code read} and how long it
 * waited after the helper's call as {@code readLagMs}.
 */
@CspClass("TCK.EndFromOtherThread")
public class EndFromOtherThreadPage extends TckPage {

    /** The CSP class name. */
    public static final String NAME = "TCK.EndFromOtherThread";

    private volatile long endedAt;

    /** Created by the runtime. */
    public EndFromOtherThreadPage() {
    }

    @Override
    protected CspStatus server() {
        Thread helper = new Thread(() -> {
            if (Board.awaitSignal(key("end"), Duration.ofSeconds(60))) {
                endedAt = System.nanoTime();
                Board.put(key("helperEnd"), code(endServer()));
            }
        }, "tck-ender");
        helper.setDaemon(true);
        helper.start();
        write("ready");
        ReadResult r = read(0, Duration.ofSeconds(60));
        long returnedAt = System.nanoTime();
        Board.put(key("readLagMs"), Long.toString(endedAt == 0 ? -1 : (returnedAt - endedAt) / 1_000_000));
        Board.put(key("read"), code(r.status()) + ":" + r.data());
        return r.status().isClosed() ? CspStatus.OK : CspStatus.error("read returned " + r);
    }

    @Override
    protected CspStatus onPostServer() {
        recordPostServer();
        return CspStatus.OK;
    }
}
