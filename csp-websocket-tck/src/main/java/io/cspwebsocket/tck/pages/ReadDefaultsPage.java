package io.cspwebsocket.tck.pages;

import io.cspwebsocket.CspClass;
import io.cspwebsocket.CspStatus;
import io.cspwebsocket.ReadResult;
import java.time.Duration;

/**
 * {@code AtEnd} before any read and {@code read()} with IRIS's defaults (SPEC §3.1).
 *
 * <p>{@code server()} first sends one report of {@code key=value} lines: {@code pre.atEnd}
 * ({@code isAtEnd()} in {@code onPreServer}), {@code server.atEnd} ({@code isAtEnd()} at the
 * start of {@code server()}, before any read), {@code poll.code} (the status of a zero-timeout
 * {@code read} that finds nothing) and {@code poll.atEnd} ({@code isAtEnd()} after it). Then it
 * calls {@code read()}, without arguments, again and again, and reports each result as one
 * message {@code code|waitedMs|atEnd|isAtEnd|length|data}, where {@code waitedMs} is how long
 * that {@code read()} took, until the socket is closed. A call that throws is reported as
 * {@code EXCEPTION <class>}.
 */
@CspClass("TCK.ReadDefaults")
public class ReadDefaultsPage extends TckPage {

    /** The CSP class name. */
    public static final String NAME = "TCK.ReadDefaults";

    private volatile String preAtEnd;

    /** Created by the runtime. */
    public ReadDefaultsPage() {
    }

    @Override
    protected CspStatus onPreServer() {
        preAtEnd = atEnd();
        return CspStatus.OK;
    }

    @Override
    protected CspStatus server() {
        String serverAtEnd = atEnd();
        ReadResult poll = read(0, Duration.ZERO);
        write("pre.atEnd=" + preAtEnd + "\nserver.atEnd=" + serverAtEnd + "\npoll.code=" + code(poll.status())
                + "\npoll.atEnd=" + atEnd() + "\n");
        for (;;) {
            long start = System.nanoTime();
            ReadResult r = read();
            long waited = (System.nanoTime() - start) / 1_000_000;
            if (r.status().isClosed()) {
                return endServer();
            }
            write(code(r.status()) + "|" + waited + "|" + r.atEnd() + "|" + isAtEnd() + "|" + r.data().length()
                    + "|" + r.data());
        }
    }

    private String atEnd() {
        try {
            return Boolean.toString(isAtEnd());
        } catch (RuntimeException e) {
            return "EXCEPTION " + e.getClass().getName();
        }
    }
}
