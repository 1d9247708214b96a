package io.cspwebsocket.reliability.pages;

import io.cspwebsocket.CspClass;
import io.cspwebsocket.CspStatus;
import io.cspwebsocket.CspWebSocket;
import io.cspwebsocket.CspWebSocketHandle;

/**
 * Looks at the registry from inside the application (SPEC §6): answers
 * {@code status=<code> write=<code> echo=<n> shared=<n> pusher=<n> fuzz=<n> fuzzNoSession=<n>} for
 * the id in parameter {@code id} through {@code openServer}, and the live ids of the fixture pages,
 * then ends.
 */
@CspClass(value = "Rel.Inspector", useSession = false)
public class Inspector extends CspWebSocket {

    @Override
    protected CspStatus server() {
        String id = getRequestParameter("id");
        CspWebSocketHandle handle = openServer(id == null ? "" : id);
        CspStatus status = handle.status();
        // Writing to a live socket would disturb it: only write to ids that are not open.
        String written = status.isOk() ? "-" : Integer.toString(handle.write("stale?").code());
        write("status=" + status.code() + " write=" + written + " echo=" + openIds(Echo.class).size()
                + " shared=" + openIds(SharedEcho.class).size() + " pusher=" + openIds(Pusher.class).size()
                + " fuzz=" + openIds(Fuzz.class).size() + " fuzzNoSession=" + openIds(FuzzNoSession.class).size());
        return endServer();
    }
}
