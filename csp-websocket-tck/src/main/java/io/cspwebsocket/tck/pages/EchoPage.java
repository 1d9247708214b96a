package io.cspwebsocket.tck.pages;

import io.cspwebsocket.CspClass;
import io.cspwebsocket.CspStatus;
import io.cspwebsocket.ReadResult;

/**
 * Echoes every message until the client closes, then {@code return endServer()}. Its
 * {@code onPostServer} records the close code under the token.
 */
@CspClass("TCK.Echo")
public class EchoPage extends TckPage {

    /** The CSP class name. */
    public static final String NAME = "TCK.Echo";

    /** Created by the runtime. */
    public EchoPage() {
    }

    @Override
    protected CspStatus server() {
        for (;;) {
            ReadResult r = read();
            if (r.status().isClosed()) {
                break;
            }
            if (r.status().isError()) {
                return r.status();
            }
            write(r.data());
        }
        return endServer();
    }

    @Override
    protected CspStatus onPostServer() {
        recordPostServer();
        return CspStatus.OK;
    }
}
