package io.cspwebsocket.impl.internal;

import io.cspwebsocket.CspStatus;
import io.cspwebsocket.spi.CspLocalNode;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * This node's sockets as the cluster binding serves them to other nodes. Nothing here blocks the
 * binding's I/O threads: writes are queued, and closing runs on a library thread.
 */
final class LocalNodeService implements CspLocalNode {

    private final CspApplication application;

    LocalNodeService(CspApplication application) {
        this.application = application;
    }

    @Override
    public CompletionStage<CspStatus> write(String webSocketId, String text, byte[] bytes) {
        Connection connection = open(webSocketId);
        if (connection == null) {
            return CompletableFuture.completedFuture(CspStatus.CLOSED);
        }
        return text != null ? connection.writeAsync(text) : connection.writeAsync(bytes);
    }

    /**
     * A blocking write for another node (SPEC §4.2, §4.3): queued at once when there is room, as
     * {@code writeAsync} is; otherwise it waits for room on a library thread, never on the
     * binding's I/O thread, exactly as a local {@code write} (a timeout closes the socket with 1011).
     */
    @Override
    public CompletionStage<CspStatus> writeAndWait(String webSocketId, String text, byte[] bytes) {
        Connection connection = open(webSocketId);
        if (connection == null) {
            return CompletableFuture.completedFuture(CspStatus.CLOSED);
        }
        CompletableFuture<CspStatus> queued = text != null ? connection.writeAsync(text) : connection.writeAsync(bytes);
        if (queued.getNow(null) != SerializedWriter.QUEUE_FULL) {
            return queued; // a queued send that stalls is closed by the heartbeat, as a local one is
        }
        CompletableFuture<CspStatus> done = new CompletableFuture<>();
        application.threads().execute("csp-write " + webSocketId, () -> {
            try {
                done.complete(text != null ? connection.write(text) : connection.write(bytes));
            } catch (RuntimeException e) {
                done.complete(CspStatus.error("write failed: " + e));
            }
        });
        return done;
    }

    @Override
    public CompletionStage<CspStatus> endServer(String webSocketId) {
        Connection connection = open(webSocketId);
        if (connection == null) {
            return CompletableFuture.completedFuture(CspStatus.CLOSED);
        }
        CompletableFuture<CspStatus> done = new CompletableFuture<>();
        application.threads().execute("csp-end " + webSocketId, () -> done.complete(connection.endServer()));
        return done;
    }

    @Override
    public CspStatus status(String webSocketId) {
        return open(webSocketId) != null ? CspStatus.OK : CspStatus.CLOSED;
    }

    @Override
    public boolean binaryData(String webSocketId) {
        Connection connection = open(webSocketId);
        return connection != null && connection.isBinaryData();
    }

    @Override
    public int broadcast(String pageClassName, String message) {
        int accepted = 0;
        for (Connection connection : application.connectionsOf(pageClassName)) {
            if (connection.writeAsync(message).getNow(CspStatus.OK).isOk()) {
                accepted++;
            }
        }
        return accepted;
    }

    /** From the registry's index by page: {@code openIds} with 10,000 sockets walked and mapped all of them each call. */
    @Override
    public Set<String> openIds(String pageClassName) {
        return application.registry().ids(pageClassName);
    }

    @Override
    public Map<String, String> openSockets() {
        Map<String, String> sockets = new HashMap<>();
        application.forEachConnection(c -> sockets.put(c.webSocketId(), c.pageClass().getName()));
        return sockets;
    }

    private Connection open(String webSocketId) {
        Connection connection = webSocketId == null ? null : application.registry().find(webSocketId);
        return connection != null && connection.isOpen() ? connection : null;
    }
}
