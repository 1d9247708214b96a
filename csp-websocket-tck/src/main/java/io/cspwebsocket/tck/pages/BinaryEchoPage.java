package io.cspwebsocket.tck.pages;

import io.cspwebsocket.CspClass;
import io.cspwebsocket.CspStatus;
import io.cspwebsocket.ReadResult;

/**
 * The line-by-line port of an ObjectScript binary echo (SPEC §3.4, §4.1): {@code BinaryData} is
 * set in {@code onPreServer}, and what was read is written back as the string {@code read} gave,
 * {@code write(read().data())}. With {@code mode=shared} the page is in shared mode and echoes
 * in {@code onClientMessage(String, int)}, reached through the default
 * {@code onClientMessage(byte[], int)}. {@code server()} first writes {@code "id=<WebSocketID>"}
 * (a binary message, as BinaryData is on).
 */
@CspClass("TCK.BinaryEcho")
public class BinaryEchoPage extends TckPage {

    /** The CSP class name. */
    public static final String NAME = "TCK.BinaryEcho";

    /** Created by the runtime. */
    public BinaryEchoPage() {
    }

    @Override
    protected CspStatus onPreServer() {
        setSharedConnection(param("mode", "sync").equals("shared"));
        setBinaryData(true);
        return CspStatus.OK;
    }

    @Override
    protected CspStatus server() {
        write("id=" + getWebSocketId());
        if (isSharedConnection()) {
            return CspStatus.OK;
        }
        for (;;) {
            ReadResult r = read();
            if (r.status().isError()) {
                return endServer();
            }
            write(r.data());
        }
    }

    @Override
    protected CspStatus onClientMessage(String data, int close) {
        return close == 0 ? write(data) : CspStatus.OK;
    }
}
