package io.cspwebsocket.tck.pages;

import io.cspwebsocket.CspClass;
import io.cspwebsocket.CspStatus;
import io.cspwebsocket.ReadResult;
import java.time.Duration;

/**
 * Sets {@code NoDataFraming} in {@code onPreServer} (SPEC §9). Request parameter {@code lens} is
 * a comma-separated list of lengths: for the i-th (from 0) the page waits for signal
 * {@code <token>.go.<i>}, then reads once with {@code read(len, 10 s)}; afterwards it reads with
 * {@code read(100, 60 s)} until the socket is closed. Every result is reported as one message
 * {@code code|data}. When the socket is closed it records {@code read} and returns
 * {@code endServer()}; {@code onPostServer} records {@code post}, {@code closeCode},
 * {@code closeReason}.
 */
@CspClass("TCK.NoFraming")
public class NoFramingPage extends TckPage {

    /** The CSP class name. */
    public static final String NAME = "TCK.NoFraming";

    /** Created by the runtime. */
    public NoFramingPage() {
    }

    @Override
    protected CspStatus onPreServer() {
        setNoDataFraming(true);
        return CspStatus.OK;
    }

    @Override
    protected CspStatus server() {
        String lens = param("lens", "");
        int i = 0;
        for (String len : lens.isEmpty() ? new String[0] : lens.split(",")) {
            if (!Board.awaitSignal(key("go." + i++), Duration.ofSeconds(60))) {
                return CspStatus.error("the TCK never signalled go." + (i - 1));
            }
            ReadResult r = read(Integer.parseInt(len), Duration.ofSeconds(10));
            write(r.status().code() + "|" + r.data());
        }
        for (;;) {
            ReadResult r = read(100, Duration.ofSeconds(60));
            if (r.status().isError()) {
                Board.put(key("read"), code(r.status()));
                return r.status().isClosed() ? endServer() : r.status();
            }
            write(r.status().code() + "|" + r.data());
        }
    }

    @Override
    protected CspStatus onPostServer() {
        recordPostServer();
        return CspStatus.OK;
    }
}
