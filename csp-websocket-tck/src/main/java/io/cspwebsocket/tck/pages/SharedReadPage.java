package io.cspwebsocket.tck.pages;

import io.cspwebsocket.CspClass;
import io.cspwebsocket.CspStatus;
import io.cspwebsocket.ReadResult;

/**
 * A shared page that does not override {@code onClientMessage}, so its client messages are
 * queued for {@code read} (SPEC §2.4, IRIS 2016 behaviour). Sets {@code SharedConnection};
 * {@code server()} returns at once. With request parameter {@code mode=page} it first starts a
 * thread of its own that reads with the page's {@code read()} and writes {@code "echo:<data>"}
 * for each piece until the read status is an error; with {@code mode=handle} (the default) it
 * writes {@code "id=<WebSocketID>"} and leaves reading to an {@code openServer} handle.
 *
 * <p>Records under the token: {@code server.returned}, {@code reader.end} (the status code
 * that ended the page's reader thread) and the usual {@code post} and {@code closeCode}.
 */
@CspClass("TCK.SharedRead")
public class SharedReadPage extends TckPage {

    /** The CSP class name. */
    public static final String NAME = "TCK.SharedRead";

    /** Created by the runtime. */
    public SharedReadPage() {
    }

    @Override
    protected CspStatus onPreServer() {
        setSharedConnection(true);
        return CspStatus.OK;
    }

    @Override
    protected CspStatus server() {
        if (param("mode", "handle").equals("page")) {
            Thread reader = new Thread(this::readLoop, "tck-shared-reader " + token());
            reader.setDaemon(true);
            reader.start();
            write("reading");
        } else {
            write("id=" + getWebSocketId());
        }
        Board.put(key("server.returned"), "yes");
        return CspStatus.OK;
    }

    private void readLoop() {
        for (;;) {
            ReadResult r = read();
            if (r.status().isError()) {
                Board.put(key("reader.end"), code(r.status()));
                return;
            }
            write("echo:" + r.data());
        }
    }

    @Override
    protected CspStatus onPostServer() {
        recordPostServer();
        return CspStatus.OK;
    }
}
