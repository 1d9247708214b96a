package io.cspwebsocket.tck.pages;

import io.cspwebsocket.CspClass;
import io.cspwebsocket.CspStatus;
import io.cspwebsocket.ReadResult;
import java.time.Duration;

/**
 * Reads with {@code read(len, 60 s)} ({@code len} from the request parameter, default 32656) or
 * with {@code read()} ({@code default=1}), and reports every result as one message
 * {@code code|atEnd|isAtEnd|length|data} (SPEC §3.1), until the socket is closed.
 */
@CspClass("TCK.ReadPieces")
public class ReadPiecesPage extends TckPage {

    /** The CSP class name. */
    public static final String NAME = "TCK.ReadPieces";

    /** Created by the runtime. */
    public ReadPiecesPage() {
    }

    @Override
    protected CspStatus server() {
        int len = intParam("len", 32656);
        boolean useDefaults = "1".equals(getRequestParameter("default"));
        for (;;) {
            ReadResult r = useDefaults ? read() : read(len, Duration.ofSeconds(60));
            if (r.status().isClosed()) {
                return endServer();
            }
            write(report(r));
        }
    }

    /**
     * @param r a read result
     * @return {@code code|atEnd|isAtEnd|length|data}
     */
    private String report(ReadResult r) {
        return r.status().code() + "|" + r.atEnd() + "|" + isAtEnd() + "|" + r.data().length() + "|" + r.data();
    }
}
