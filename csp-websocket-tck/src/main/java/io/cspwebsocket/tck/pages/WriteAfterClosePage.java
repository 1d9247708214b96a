package io.cspwebsocket.tck.pages;

import io.cspwebsocket.CspClass;
import io.cspwebsocket.CspStatus;
import io.cspwebsocket.ReadResult;

/**
 * {@code write} after the client closed (SPEC §4.3): writes {@code "ready"}, reads until the
 * read reports the close, then records {@code write("late")}'s code as {@code write} and the
 * last read's code as {@code read}.
 */
@CspClass("TCK.WriteAfterClose")
public class WriteAfterClosePage extends TckPage {

    /** The CSP class name. */
    public static final String NAME = "TCK.WriteAfterClose";

    /** Created by the runtime. */
    public WriteAfterClosePage() {
    }

    @Override
    protected CspStatus server() {
        write("ready");
        ReadResult r;
        do {
            r = read();
        } while (r.status().isOk());
        Board.put(key("read"), code(r.status()));
        Board.put(key("write"), code(write("late")));
        return endServer();
    }

    @Override
    protected CspStatus onPostServer() {
        recordPostServer();
        return CspStatus.OK;
    }
}
