package io.cspwebsocket.tck.pages;

import io.cspwebsocket.CspClass;
import io.cspwebsocket.CspStatus;
import io.cspwebsocket.CspWebSocket;
import io.cspwebsocket.CspWebSocketHandle;

/**
 * {@code openServer} from another page (SPEC §6.1): opens the socket named by request
 * parameter {@code target}, writes request parameter {@code msg} to it (or ends it with
 * {@code action=end}), reports {@code relay=<code>} on its own socket and ends.
 */
@CspClass("TCK.Relay")
public class RelayPage extends TckPage {

    /** The CSP class name. */
    public static final String NAME = "TCK.Relay";

    /** Created by the runtime. */
    public RelayPage() {
    }

    @Override
    protected CspStatus server() {
        String result;
        try {
            CspWebSocketHandle target = CspWebSocket.openServer(getRequestParameter("target"));
            CspStatus status = "end".equals(getRequestParameter("action"))
                    ? target.endServer()
                    : target.write(param("msg", "relayed"));
            result = code(status);
        } catch (RuntimeException e) {
            result = "EXCEPTION " + e.getClass().getName();
        }
        write("relay=" + result);
        return CspStatus.OK;
    }
}
