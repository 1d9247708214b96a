package io.cspwebsocket.impl.internal;

import io.cspwebsocket.CspStatus;
import io.cspwebsocket.CspWebSocketHandle;
import io.cspwebsocket.ReadResult;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * What {@code openServer(id)} returns for a socket on this node (SPEC §6.1-§6.2): a view of the
 * connection that answers 7951 once it has closed, or a stand-in that answers 7951 (stale id) or
 * 5001 (malformed id) to every call. Never throws for a bad id.
 */
final class LocalHandle implements CspWebSocketHandle {

    private final String webSocketId;
    private final Connection connection;
    private final CspStatus absent;

    private LocalHandle(String webSocketId, Connection connection, CspStatus absent) {
        this.webSocketId = webSocketId;
        this.connection = connection;
        this.absent = absent;
    }

    static CspWebSocketHandle open(java.util.function.Function<String, Connection> registry, String webSocketId) {
        if (!WebSocketIds.isWellFormed(webSocketId)) {
            return new LocalHandle(webSocketId, null, CspStatus.error("malformed WebSocketID"));
        }
        Connection connection = registry.apply(webSocketId);
        return new LocalHandle(webSocketId, connection, CspStatus.CLOSED);
    }

    @Override
    public String getWebSocketId() {
        return webSocketId;
    }

    @Override
    public CspStatus status() {
        return connection != null && connection.isOpen() ? CspStatus.OK : absentOrClosed();
    }

    @Override
    public boolean isBinaryData() {
        return connection != null && connection.isOpen() && connection.isBinaryData();
    }

    @Override
    public CspStatus write(String data) {
        Objects.requireNonNull(data, "data");
        return connection == null ? absent : connection.write(data);
    }

    @Override
    public CspStatus write(byte[] data) {
        Objects.requireNonNull(data, "data");
        return connection == null ? absent : connection.write(data);
    }

    @Override
    public CompletionStage<CspStatus> writeAsync(String data) {
        Objects.requireNonNull(data, "data");
        return connection == null ? CompletableFuture.completedFuture(absent) : connection.writeAsync(data);
    }

    @Override
    public CompletionStage<CspStatus> writeAsync(byte[] data) {
        Objects.requireNonNull(data, "data");
        return connection == null ? CompletableFuture.completedFuture(absent) : connection.writeAsync(data);
    }

    @Override
    public ReadResult read(int len, Duration timeout) {
        Objects.requireNonNull(timeout, "timeout");
        if (connection == null) {
            return ReadResult.failed(absent);
        }
        return connection.read(len, timeout);
    }

    @Override
    public CspStatus endServer() {
        return connection == null ? absent : connection.endServer();
    }

    private CspStatus absentOrClosed() {
        return connection == null ? absent : CspStatus.CLOSED;
    }

    @Override
    public String toString() {
        return "CspWebSocketHandle[" + webSocketId + ", " + status() + "]";
    }
}
