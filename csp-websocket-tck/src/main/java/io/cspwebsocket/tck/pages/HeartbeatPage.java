package io.cspwebsocket.tck.pages;

import io.cspwebsocket.CspClass;
import io.cspwebsocket.CspStatus;
import io.cspwebsocket.ReadResult;

/**
 * Sends {@code "ready"}, then echoes every message with a blocking {@code read()} until the
 * socket is closed (SPEC §8.3): the library's heartbeat, not the page, must keep an idle socket
 * alive or close a dead one. Records under the token {@code read} (the status code that ended
 * the loop), then {@code post}, {@code closeCode}, {@code closeReason} in {@code onPostServer}.
 */
@CspClass("TCK.Heartbeat")
public class HeartbeatPage extends TckPage {

    /** The CSP class name. */
    public static final String NAME = "TCK.Heartbeat";

    /** Created by the runtime. */
    public HeartbeatPage() {
    }

    @Override
    protected CspStatus server() {
        write("ready");
        for (;;) {
            ReadResult r = read();
            if (r.status().isError()) {
                Board.put(key("read"), code(r.status()));
                return r.status().isClosed() ? endServer() : r.status();
            }
            write(r.data());
        }
    }

    @Override
    protected CspStatus onPostServer() {
        recordPostServer();
        return CspStatus.OK;
    }
}
