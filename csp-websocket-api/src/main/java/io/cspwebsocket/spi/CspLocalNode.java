package io.cspwebsocket.spi;

import io.cspwebsocket.CspStatus;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionStage;

/**
 * The sockets held by this node, as a cluster binding serves them to other nodes. Every method
 * is thread-safe and non-blocking (writes complete later), never throws for an unknown id, and
 * may be called from the binding's I/O threads.
 */
public interface CspLocalNode {

    /**
     * Writes to a socket of this node.
     *
     * @param webSocketId the id
     * @param text the text, or {@code null} for binary
     * @param bytes the bytes, or {@code null} for text
     * @return completes with the write's status (7951 if the socket is not open here)
     */
    CompletionStage<CspStatus> write(String webSocketId, String text, byte[] bytes);

    /**
     * Writes to a socket of this node as a blocking {@code write} on this node would (SPEC §4.2,
     * §4.3), for another node's blocking {@code write}: a full queue is waited on for up to the send
     * timeout, not refused; a write that does not complete in time closes the socket with 1011 and
     * completes with 5001. The calling thread is never held: the wait happens elsewhere.
     *
     * @implSpec The default is {@link #write}, which refuses a full queue at once (5001), as
     *           {@code writeAsync} does.
     * @param webSocketId the id
     * @param text the text, or {@code null} for binary
     * @param bytes the bytes, or {@code null} for text
     * @return completes with the write's status (7951 if the socket is not open here)
     */
    default CompletionStage<CspStatus> writeAndWait(String webSocketId, String text, byte[] bytes) {
        return write(webSocketId, text, bytes);
    }

    /**
     * Ends a socket of this node.
     *
     * @param webSocketId the id
     * @return completes with OK, or 7951 if it was not open
     */
    CompletionStage<CspStatus> endServer(String webSocketId);

    /**
     * @param webSocketId the id
     * @return OK if the socket is open here, else 7951
     */
    CspStatus status(String webSocketId);

    /**
     * @param webSocketId the id
     * @return whether that socket is open here and its page is in binary mode ({@code BinaryData})
     */
    boolean binaryData(String webSocketId);

    /**
     * Broadcasts to this node's sockets of a page class.
     *
     * @param pageClassName the page class's name
     * @param message the text
     * @return how many sockets accepted it
     */
    int broadcast(String pageClassName, String message);

    /** @return a snapshot of this node's open sockets: WebSocket id to page class name */
    Map<String, String> openSockets();

    /**
     * The ids of this node's open sockets of one page class, for a cluster-wide {@code openIds}.
     *
     * @implSpec The default filters {@link #openSockets()}, which maps every socket of every page;
     *           an implementation that indexes its sockets by page should answer from that index.
     * @param pageClassName the page class's name
     * @return a snapshot of their ids, possibly empty
     */
    default Set<String> openIds(String pageClassName) {
        Set<String> ids = new HashSet<>();
        openSockets().forEach((id, page) -> {
            if (page.equals(pageClassName)) {
                ids.add(id);
            }
        });
        return ids;
    }
}
