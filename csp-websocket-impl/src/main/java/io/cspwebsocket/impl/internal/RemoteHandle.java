package io.cspwebsocket.impl.internal;

import io.cspwebsocket.CspStatus;
import io.cspwebsocket.CspWebSocketHandle;
import io.cspwebsocket.ReadResult;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * {@code openServer(id)} for a socket held by another node (SPEC §12): every call goes to that
 * node through the cluster binding and returns its answer; no answer within the send timeout is
 * 5001. Reading another node's socket is not supported (5001).
 */
final class RemoteHandle implements CspWebSocketHandle {

    private static final CspStatus NO_REMOTE_READ =
            CspStatus.error("read is only possible on the node that holds the socket");

    private final ClusterLink link;
    private final String node;
    private final String webSocketId;

    RemoteHandle(ClusterLink link, String webSocketId) {
        this.link = link;
        this.node = WebSocketIds.nodeOf(webSocketId);
        this.webSocketId = webSocketId;
    }

    @Override
    public String getWebSocketId() {
        return webSocketId;
    }

    @Override
    public CspStatus status() {
        return await(link.cluster().status(node, webSocketId, link.timeout()));
    }

    @Override
    public boolean isBinaryData() {
        try {
            return Boolean.TRUE.equals(link.cluster().binaryData(node, webSocketId, link.timeout()).toCompletableFuture()
                    .get(link.timeout().toMillis() + 1000, TimeUnit.MILLISECONDS));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (ExecutionException | TimeoutException e) {
            Log.debug(webSocketId, "node " + node + " did not say whether the page is in binary mode: " + e);
            return false;
        }
    }

    @Override
    public CspStatus write(String data) {
        Objects.requireNonNull(data, "data");
        // Waits for room as a local write does (SPEC §4.2), where writeAsync is refused when full.
        return await(link.cluster().writeAndWait(node, webSocketId, data, null, link.timeout()));
    }

    @Override
    public CspStatus write(byte[] data) {
        Objects.requireNonNull(data, "data");
        return await(link.cluster().writeAndWait(node, webSocketId, null, data.clone(), link.timeout()));
    }

    @Override
    public CompletionStage<CspStatus> writeAsync(String data) {
        Objects.requireNonNull(data, "data");
        return link.cluster().write(node, webSocketId, data, null, link.timeout());
    }

    @Override
    public CompletionStage<CspStatus> writeAsync(byte[] data) {
        Objects.requireNonNull(data, "data");
        return link.cluster().write(node, webSocketId, null, data.clone(), link.timeout());
    }

    @Override
    public ReadResult read(int len, Duration timeout) {
        Objects.requireNonNull(timeout, "timeout");
        return ReadResult.failed(NO_REMOTE_READ);
    }

    @Override
    public CspStatus endServer() {
        return await(link.cluster().endServer(node, webSocketId, link.timeout()));
    }

    /** The binding answers within the timeout; the extra second only guards against a binding that does not. */
    private CspStatus await(CompletionStage<CspStatus> answer) {
        CompletableFuture<CspStatus> future = answer.toCompletableFuture();
        try {
            return future.get(link.timeout().toMillis() + 1000, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            return CspStatus.error("no answer from node " + node + " within " + link.timeout());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return CspStatus.error("interrupted while waiting for node " + node);
        } catch (ExecutionException e) {
            return CspStatus.error("request to node " + node + " failed: " + e.getCause());
        }
    }

    @Override
    public String toString() {
        return "CspWebSocketHandle[" + webSocketId + " on node " + node + "]";
    }
}
