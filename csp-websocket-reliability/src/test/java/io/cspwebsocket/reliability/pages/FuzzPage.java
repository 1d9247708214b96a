package io.cspwebsocket.reliability.pages;

import io.cspwebsocket.CspClass;
import io.cspwebsocket.CspStatus;
import io.cspwebsocket.CspWebSocket;
import io.cspwebsocket.ReadResult;
import io.cspwebsocket.reliability.probe.Probe;
import java.time.Duration;

/**
 * The pages of the handshake fuzz ({@code HandshakeFuzzTest}), with and without an HTTP session.
 * Every instance the library creates is counted ({@code fuzz.constructed}, in the constructor, so
 * that even a page created and dropped without any callback shows), and so is every
 * {@code onPreServer} ({@code fuzz.preServer}). onPreServer also records, under the request's own
 * token (parameter {@code t}, event key {@code fuzz:<t>}), which page ran it with which WebSocketID
 * and session id: the test ties each 101 to the page code of that very request, and each refusal
 * to none. With {@code refuse=1}, onPreServer refuses (SPEC §2.2: 403, never opened).
 *
 * <p>Once open, the page sends {@code id:<WebSocketID>} and reads until the client closes.
 * Unannotated and abstract, so not a page itself (SPEC §1.3).
 */
abstract class FuzzPage extends CspWebSocket {

    private String token;

    FuzzPage() {
        Probe.count("fuzz.constructed");
    }

    @Override
    protected CspStatus onPreServer() {
        token = String.valueOf(getRequestParameter("t"));
        Probe.count("fuzz.preServer");
        Probe.event("fuzz:" + token, "pre " + getClass().getAnnotation(CspClass.class).value() + " " + getWebSocketId()
                + " " + getSessionId());
        if ("1".equals(getRequestParameter("refuse"))) {
            return CspStatus.error("refused on purpose (refuse=1)");
        }
        return CspStatus.OK;
    }

    @Override
    protected CspStatus server() {
        Probe.thread(Thread.currentThread());
        write("id:" + getWebSocketId());
        while (true) {
            ReadResult r = read(1 << 16, Duration.ofSeconds(60));
            if (r.status().isTimeout()) {
                continue;
            }
            if (!r.status().isOk()) {
                return endServer();
            }
        }
    }

    @Override
    protected CspStatus onPostServer() {
        Probe.count("fuzz.post");
        Probe.event("fuzz:" + token, "post " + getCloseCode());
        return CspStatus.OK;
    }
}
