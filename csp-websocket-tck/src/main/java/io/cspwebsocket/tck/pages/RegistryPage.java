package io.cspwebsocket.tck.pages;

import io.cspwebsocket.CspClass;
import io.cspwebsocket.CspStatus;
import io.cspwebsocket.ReadResult;

/**
 * The registry (SPEC §6): writes {@code id=<WebSocketID>|listed=<own id in openIds>}, then
 * echoes until the socket is closed. {@code onPostServer} records {@code post.listed} (whether
 * its id was still listed) and the usual {@code post} and {@code closeCode}.
 */
@CspClass("TCK.Registry")
public class RegistryPage extends TckPage {

    /** The CSP class name. */
    public static final String NAME = "TCK.Registry";

    /** Created by the runtime. */
    public RegistryPage() {
    }

    @Override
    protected CspStatus server() {
        String id = getWebSocketId();
        write("id=" + id + "|listed=" + openIds(RegistryPage.class).contains(id));
        for (;;) {
            ReadResult r = read();
            if (r.status().isError()) {
                break;
            }
            write(r.data());
        }
        return endServer();
    }

    @Override
    protected CspStatus onPostServer() {
        Board.put(key("post.listed"), Boolean.toString(openIds(RegistryPage.class).contains(getWebSocketId())));
        recordPostServer();
        return CspStatus.OK;
    }
}
