package io.cspwebsocket.tck.pages;

import io.cspwebsocket.CspClass;
import io.cspwebsocket.CspStatus;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * A slow shared page (SPEC §2.4, §3.5): sets {@code SharedConnection}; {@code server()} writes
 * {@code "ready"} and returns. Its {@code onClientMessage} holds the first message until the
 * test raises signal {@code <token>.release} (at most 60 s), and then takes {@code ms}
 * milliseconds (request parameter, default 20) over each message. Messages must be
 * {@link #message(int, int) message(0, size)}, {@code message(1, size)}, … ({@code size}:
 * request parameter, default 65536).
 *
 * <p>Records under the token: {@code gated} ({@code "yes"} once the first message is held),
 * {@code count} (messages handled), {@code violations} (the first {@value #MAX_VIOLATIONS}
 * messages that were out of order or not whole) and the usual {@code post} and
 * {@code closeCode}.
 */
@CspClass("TCK.SharedSlow")
public class SharedSlowPage extends TckPage {

    /** The CSP class name. */
    public static final String NAME = "TCK.SharedSlow";
    /** How many violations are recorded at most. */
    public static final int MAX_VIOLATIONS = 5;

    private int expected; // only touched by onClientMessage, one call at a time (SPEC §2.4)
    private int violations;

    /** Created by the runtime. */
    public SharedSlowPage() {
    }

    /**
     * The {@code n}-th message the client sends: {@code "n|"} then a filler of one letter that
     * depends on {@code n}, {@code size} chars in all.
     *
     * @param n the message number
     * @param size the message length
     * @return the message
     */
    public static String message(int n, int size) {
        String head = n + "|";
        return head + String.valueOf((char) ('a' + n % 26)).repeat(Math.max(0, size - head.length()));
    }

    @Override
    protected CspStatus onPreServer() {
        setSharedConnection(true);
        return CspStatus.OK;
    }

    @Override
    protected CspStatus server() {
        write("ready");
        return CspStatus.OK;
    }

    @Override
    protected CspStatus onClientMessage(String data, int close) {
        if (close != 0) {
            return CspStatus.OK;
        }
        if (expected == 0) {
            Board.put(key("gated"), "yes");
            Board.awaitSignal(key("release"), Duration.ofSeconds(60));
        }
        int bar = data.indexOf('|');
        String number = bar < 0 ? data.substring(0, Math.min(20, data.length())) : data.substring(0, bar);
        if (!number.equals(Integer.toString(expected))) {
            violation("order: expected message " + expected + " but got " + number);
        } else if (!data.equals(message(expected, intParam("size", 65536)))) {
            violation("torn: message " + expected + " arrived with " + data.length() + " chars");
        }
        expected++;
        Board.put(key("count"), Integer.toString(expected));
        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(intParam("ms", 20)));
        return CspStatus.OK;
    }

    @Override
    protected CspStatus onPostServer() {
        recordPostServer();
        return CspStatus.OK;
    }

    private void violation(String what) {
        if (++violations <= MAX_VIOLATIONS) {
            Board.append(key("violations"), what);
        }
    }
}
