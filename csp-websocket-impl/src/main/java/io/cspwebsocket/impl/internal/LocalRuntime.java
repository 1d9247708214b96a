package io.cspwebsocket.impl.internal;

import io.cspwebsocket.CspStatus;
import io.cspwebsocket.CspWebSocket;
import io.cspwebsocket.CspWebSocketHandle;
import io.cspwebsocket.spi.CspRuntime;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The {@link CspRuntime}, registered for {@link java.util.ServiceLoader}: serves
 * {@code openServer}, {@code openIds} and {@code broadcast} from the registry of the calling
 * application (found by the page class, or by the thread's context class loader), and through
 * its cluster binding where it has one.
 */
public final class LocalRuntime implements CspRuntime {

    /** How long {@code broadcast} waits for other nodes' counts; late nodes still deliver, uncounted. */
    private static final long REMOTE_COUNT_WAIT_MILLIS = 2000;

    /** Called by {@link java.util.ServiceLoader}. */
    public LocalRuntime() {
    }

    @Override
    public CspWebSocketHandle openServer(String webSocketId) {
        if (WebSocketIds.isWellFormed(webSocketId)) {
            ConnectionRegistry caller = ConnectionRegistry.ofCaller();
            ClusterLink link = caller == null ? null : caller.link();
            if (link != null && link.isRemote(webSocketId)) {
                return new RemoteHandle(link, webSocketId); // the id names its node: no lookup (§12)
            }
        }
        return LocalHandle.open(ConnectionRegistry::findAnywhere, webSocketId);
    }

    @Override
    public Set<String> openIds(Class<? extends CspWebSocket> pageClass) {
        ClusterLink link = linkFor(pageClass);
        if (link != null) {
            try {
                return Set.copyOf(link.cluster().openIds(pageClass.getName()));
            } catch (RuntimeException e) {
                Log.warn(null, "cluster-wide openIds failed; listing this node's sockets only: " + e);
            }
        }
        Set<String> ids = new HashSet<>();
        for (ConnectionRegistry registry : ConnectionRegistry.live()) {
            ids.addAll(registry.ids(pageClass)); // a Class belongs to one loader: usually one application
        }
        return Set.copyOf(ids);
    }

    @Override
    public int broadcast(Class<? extends CspWebSocket> pageClass, String message) {
        ClusterLink link = linkFor(pageClass);
        CompletableFuture<Integer> remote = link == null ? CompletableFuture.completedFuture(0)
                : link.cluster().broadcast(pageClass.getName(), message,
                        Duration.ofMillis(Math.min(REMOTE_COUNT_WAIT_MILLIS, link.timeout().toMillis()))).toCompletableFuture();
        int accepted = 0;
        for (ConnectionRegistry registry : ConnectionRegistry.live()) {
            accepted += broadcastLocally(registry, pageClass, message);
        }
        try {
            // Other nodes only report how many sockets took the message: never wait the whole send
            // timeout for a node that died mid-broadcast (SPEC §4.4: no waiting on any single one).
            return accepted + (link == null ? 0 : remote.get(REMOTE_COUNT_WAIT_MILLIS, TimeUnit.MILLISECONDS));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return accepted;
        } catch (ExecutionException | TimeoutException e) {
            Log.warn(null, "broadcast to other nodes got no count: " + e);
            return accepted;
        }
    }

    /** The cluster binding of the page's application, or {@code null} when single-node. */
    private static ClusterLink linkFor(Class<? extends CspWebSocket> pageClass) {
        ConnectionRegistry registry = ConnectionRegistry.ofPage(pageClass);
        return registry == null ? null : registry.link();
    }

    private static int broadcastLocally(ConnectionRegistry registry, Class<? extends CspWebSocket> pageClass,
                                        String message) {
        int accepted = 0;
        for (Connection connection : registry.connections(pageClass)) {
            CompletableFuture<CspStatus> send = connection.writeAsync(message);
            // Completed at once only when refused (closed, queue full) or sent synchronously.
            CspStatus immediate = send.getNow(CspStatus.OK);
            if (immediate.isOk()) {
                accepted++;
            }
        }
        return accepted;
    }
}
