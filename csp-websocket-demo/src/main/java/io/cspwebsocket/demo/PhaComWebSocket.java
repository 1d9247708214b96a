package io.cspwebsocket.demo;

import io.cspwebsocket.CspClass;
import io.cspwebsocket.CspStatus;
import io.cspwebsocket.CspWebSocket;

/**
 * The shared-mode page {@code PHA.COM.WebSocket} of the CSP application {@code /dthealth/web},
 * ported from a Chinese article on Caché WebSockets. It is served at
 * {@code /dthealth/web/PHA.COM.WebSocket.cls}.
 *
 * <p>The article's class does three things. {@code OnPreServer} saves the socket's
 * {@code WebSocketID} ({@code d ##class(PHA.OP.MOB.Test).Save(..WebSocketID)}) and sets
 * {@code SharedConnection} to 1. {@code Server()} quits at once, so the socket stays open.
 * {@code OnPostServer} does nothing. Other code of the application then reads a saved id back,
 * opens the socket with {@code OpenServer(id)}, and calls {@code Write}, {@code Read} and
 * {@code EndServer} on it. In the demo, {@link PhaSocketsServlet} plays that part.
 *
 * <p>This page saves nothing. {@link CspWebSocket#openIds(Class) openIds(PhaComWebSocket.class)}
 * lists each socket from before {@code server()} runs until it closes, so there is no global of
 * ids to keep and no stale id to clean up. The page does not override {@code onClientMessage},
 * as the article's class does not define {@code OnClientMessage}: the client's messages are
 * queued, and any thread reads them with {@code openServer(id).read(…)} (SPEC §2.4).
 *
 * <p>Threads: {@code onPreServer} runs on the container's handshake thread, {@code server} and
 * {@code onPostServer} on library threads.
 */
@CspClass(value = "PHA.COM.WebSocket",
          application = "/dthealth/web",
          useSession = true)
public class PhaComWebSocket extends CspWebSocket {

    /** Created by the runtime, one instance per connection. */
    public PhaComWebSocket() {
    }

    @Override
    protected CspStatus onPreServer() {
        // IRIS: d ##class(PHA.OP.MOB.Test).Save(..WebSocketID)
        // Nothing to save: openIds(PhaComWebSocket.class) lists this socket while it is open.
        setSharedConnection(true);
        return CspStatus.OK;
    }

    @Override
    protected CspStatus server() {
        // Shared mode: returning leaves the socket open.
        return CspStatus.OK;
    }

    @Override
    protected CspStatus onPostServer() {
        return CspStatus.OK;
    }
}
