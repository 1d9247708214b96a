package io.cspwebsocket.spi;

import io.cspwebsocket.CspStatus;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CompletionStage;

/**
 * A running cluster binding (SPEC §12): keeps the cluster-wide list of open sockets and carries
 * requests to the node that holds a socket. WebSocket ids issued on a clustered node start with
 * {@code <nodeId>~}, so a request needs no lookup to find its node.
 *
 * <p>Statuses stay true across nodes: a remote write completes OK only when the owning node
 * acknowledged it; with 7951 when that node reports the socket closed; with 5001 when no answer
 * came within the timeout. Nothing blocks for ever and nothing throws for a bad id.
 */
public interface CspCluster extends AutoCloseable {

    /** @return this node's id: 1 to 32 of {@code A-Z a-z 0-9 _ -} */
    String nodeId();

    /**
     * A socket of this node opened (before its {@code server()} runs).
     *
     * @param webSocketId the id
     * @param pageClassName its page class's name
     */
    void opened(String webSocketId, String pageClassName);

    /**
     * A socket of this node closed (before its {@code onPostServer()} runs).
     *
     * @param webSocketId the id
     * @param pageClassName its page class's name
     */
    void closed(String webSocketId, String pageClassName);

    /**
     * @param pageClassName a page class's name
     * @return the ids of its open sockets on every live node (this one included)
     */
    Set<String> openIds(String pageClassName);

    /**
     * Asks another node to write to one of its sockets.
     *
     * @param nodeId the owning node
     * @param webSocketId the id
     * @param text the text, or {@code null} for binary
     * @param bytes the bytes, or {@code null} for text
     * @param timeout how long to wait for the owner's answer
     * @return completes with the owner's status, or 5001 without an answer in time
     */
    CompletionStage<CspStatus> write(String nodeId, String webSocketId, String text, byte[] bytes, Duration timeout);

    /**
     * Asks another node to write to one of its sockets as a blocking {@code write} there would
     * ({@link CspLocalNode#writeAndWait}): for {@code CspWebSocketHandle.write}, which must wait for
     * room as a local write does (SPEC §4.2) rather than be refused when the socket's queue is full.
     *
     * <p>The caller only waits for the returned stage and chains nothing onto it, so an
     * implementation may complete it on its own I/O thread (it saves the waiting thread a hand-off).
     *
     * @implSpec The default is {@link #write}.
     * @param nodeId the owning node
     * @param webSocketId the id
     * @param text the text, or {@code null} for binary
     * @param bytes the bytes, or {@code null} for text
     * @param timeout the send timeout: how long the owner may wait for room and for the send
     * @return completes with the owner's status, or 5001 without an answer in time
     */
    default CompletionStage<CspStatus> writeAndWait(String nodeId, String webSocketId, String text, byte[] bytes,
                                                    Duration timeout) {
        return write(nodeId, webSocketId, text, bytes, timeout);
    }

    /**
     * Asks another node to end one of its sockets.
     *
     * @param nodeId the owning node
     * @param webSocketId the id
     * @param timeout how long to wait for the owner's answer
     * @return completes with the owner's status, or 5001 without an answer in time
     */
    CompletionStage<CspStatus> endServer(String nodeId, String webSocketId, Duration timeout);

    /**
     * Asks another node whether one of its sockets is open.
     *
     * @param nodeId the owning node
     * @param webSocketId the id
     * @param timeout how long to wait for the owner's answer
     * @return completes with OK, 7951, or 5001 without an answer in time
     */
    CompletionStage<CspStatus> status(String nodeId, String webSocketId, Duration timeout);

    /**
     * Asks another node whether one of its sockets' pages is in binary mode, for
     * {@code CspWebSocketHandle.isBinaryData()}.
     *
     * @implSpec The default completes exceptionally with {@link UnsupportedOperationException}: a
     *           binding that cannot ask leaves remote handles answering {@code false}.
     * @param nodeId the owning node
     * @param webSocketId the id
     * @param timeout how long to wait for the owner's answer
     * @return completes with the page's {@code BinaryData}; {@code false} if the socket is not open there
     */
    default CompletionStage<Boolean> binaryData(String nodeId, String webSocketId, Duration timeout) {
        return java.util.concurrent.CompletableFuture.failedFuture(
                new UnsupportedOperationException(getClass().getName() + " cannot ask other nodes for BinaryData"));
    }

    /**
     * Whether this node is connected to the cluster now, for health checks (a Spring Boot
     * {@code HealthIndicator}, say). Asked from any thread at any time; must answer at once,
     * without a remote call.
     *
     * @implSpec The default answers {@code true}: a binding that cannot tell is never reported down.
     * @return {@code false} while the binding has lost its connection (calls to other nodes then fail)
     */
    default boolean isConnected() {
        return true;
    }

    /**
     * Broadcasts to the sockets of a page class on every other live node.
     *
     * @param pageClassName the page class's name
     * @param message the text
     * @param timeout how long to wait for the nodes' counts
     * @return completes with how many sockets on other nodes accepted it (nodes that did not
     *         answer in time count 0)
     */
    CompletionStage<Integer> broadcast(String pageClassName, String message, Duration timeout);

    /** Leaves the cluster: this node's ids are withdrawn and the binding's threads stop. */
    @Override
    void close();
}
