package io.cspwebsocket.tck.pages;

import io.cspwebsocket.CspClass;
import io.cspwebsocket.CspStatus;
import io.cspwebsocket.ReadResult;
import java.time.Duration;
import java.util.HexFormat;

/**
 * Reads with {@code read(len, 60 s)} and reports every result (SPEC §3.4): with request
 * parameter {@code binary=1} the page sets {@code BinaryData} in {@code onPreServer}; {@code len}
 * defaults to 32656. Each report is one message
 * {@code code|atEnd|isBinary|<bytes() in hex>|<data() as hex UTF-16 code units, 4 digits each>},
 * written with {@code write(String)} (so a {@code BinaryData} page sends it as a binary message
 * of its bytes, ASCII here, §4.1). When the socket is closed it records {@code read} (the status code) and
 * returns {@code endServer()}; after each report's {@code write} has returned it increments
 * {@code written}; {@code onPostServer} records {@code post}, {@code closeCode},
 * {@code closeReason}.
 */
@CspClass("TCK.BinaryRead")
public class BinaryReadPage extends TckPage {

    /** The CSP class name. */
    public static final String NAME = "TCK.BinaryRead";

    /** Created by the runtime. */
    public BinaryReadPage() {
    }

    @Override
    protected CspStatus onPreServer() {
        if ("1".equals(getRequestParameter("binary"))) {
            setBinaryData(true);
        }
        return CspStatus.OK;
    }

    @Override
    protected CspStatus server() {
        int len = intParam("len", 32656);
        for (;;) {
            ReadResult r = read(len, Duration.ofSeconds(60));
            if (r.status().isError()) {
                Board.put(key("read"), code(r.status()));
                return r.status().isClosed() ? endServer() : r.status();
            }
            write(r.status().code() + "|" + r.atEnd() + "|" + r.isBinary() + "|"
                    + HexFormat.of().formatHex(r.bytes()) + "|" + hexChars(r.data()));
            Board.increment(key("written"));
        }
    }

    @Override
    protected CspStatus onPostServer() {
        recordPostServer();
        return CspStatus.OK;
    }

    /**
     * @param text a string
     * @return its UTF-16 code units as 4-digit lower-case hex, concatenated
     */
    public static String hexChars(String text) {
        StringBuilder hex = new StringBuilder(text.length() * 4);
        for (int i = 0; i < text.length(); i++) {
            hex.append(String.format("%04x", (int) text.charAt(i)));
        }
        return hex.toString();
    }
}
