package io.cspwebsocket.tck.pages;

import io.cspwebsocket.CspClass;
import io.cspwebsocket.CspStatus;
import io.cspwebsocket.ReadResult;
import java.time.Duration;

/**
 * Read timeouts (SPEC §3.2). With {@code mode=timeout} (default): reads with a
 * {@code timeoutMs} timeout and reports {@code code|elapsedMs|data}, then reads again with a
 * long timeout and reports the same way, then ends. With {@code mode=zero}: polls once with a
 * zero timeout and reports {@code code|elapsedMs|data}, writes {@code "poll"}, then polls with
 * zero timeouts until a message arrives (at most 30 s) and reports {@code code|polls|data}.
 */
@CspClass("TCK.TimeoutRead")
public class TimeoutReadPage extends TckPage {

    /** The CSP class name. */
    public static final String NAME = "TCK.TimeoutRead";

    /** Created by the runtime. */
    public TimeoutReadPage() {
    }

    @Override
    protected CspStatus server() {
        if (param("mode", "timeout").equals("zero")) {
            return pollZero();
        }
        Duration timeout = Duration.ofMillis(intParam("timeoutMs", 300));
        timed(timeout);
        timed(Duration.ofSeconds(30));
        return CspStatus.OK;
    }

    private void timed(Duration timeout) {
        long start = System.nanoTime();
        ReadResult r = read(0, timeout);
        long elapsed = (System.nanoTime() - start) / 1_000_000;
        write(code(r.status()) + "|" + elapsed + "|" + r.data());
    }

    private CspStatus pollZero() {
        timed(Duration.ZERO);
        write("poll");
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        int polls = 0;
        ReadResult r;
        do {
            r = read(0, Duration.ZERO);
            polls++;
            Thread.onSpinWait();
        } while (r.status().isTimeout() && System.nanoTime() - deadline < 0);
        write(code(r.status()) + "|" + polls + "|" + r.data());
        return CspStatus.OK;
    }
}
