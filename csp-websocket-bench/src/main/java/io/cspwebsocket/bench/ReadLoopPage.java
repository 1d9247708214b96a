package io.cspwebsocket.bench;

import io.cspwebsocket.CspStatus;
import io.cspwebsocket.CspWebSocket;
import io.cspwebsocket.ReadResult;
import java.time.Duration;

/**
 * Base of the benchmark's synchronous pages: the IRIS {@code Server()} loop of blocking reads.
 * The loop ends when the client closes, when the server shuts down, or after
 * {@link #IDLE_LIMIT} without a message (so that it is bounded in time).
 */
public abstract class ReadLoopPage extends CspWebSocket {

    /** A page that has received nothing for this long ends (far longer than any scenario). */
    static final Duration IDLE_LIMIT = Duration.ofMinutes(15);

    /** Created by the runtime, one per connection. */
    protected ReadLoopPage() {
    }

    @Override
    protected CspStatus onPreServer() {
        ServerStats.handshake(getRequestHeader("Sec-WebSocket-Extensions"));
        return CspStatus.OK;
    }

    @Override
    protected CspStatus server() {
        ServerStats.CSP_READING.incrementAndGet();
        try {
            StringBuilder pieces = null;
            while (true) {
                ReadResult r = read(DEFAULT_READ_LENGTH, IDLE_LIMIT);
                if (r.status().isTimeout()) {
                    break;
                }
                if (!r.status().isOk()) {
                    break; // 7951: the client closed, or the server is stopping
                }
                if (!r.atEnd()) {
                    // A message longer than one piece: put it together before handling it.
                    pieces = pieces == null ? new StringBuilder(r.data()) : pieces.append(r.data());
                    continue;
                }
                String message = pieces == null ? r.data() : pieces.append(r.data()).toString();
                pieces = null;
                CspStatus status = onMessage(message);
                if (!status.isOk()) {
                    if (!status.isClosed()) {
                        ServerStats.ERRORS.incrementAndGet();
                    }
                    break;
                }
            }
        } finally {
            ServerStats.CSP_READING.decrementAndGet();
        }
        return endServer();
    }

    /**
     * Handles one whole client message on the page's thread.
     *
     * @param message the message
     * @return OK to go on reading
     */
    protected abstract CspStatus onMessage(String message);
}
