package io.cspwebsocket.impl.internal;

import io.cspwebsocket.CspStatus;
import io.cspwebsocket.CspWebSocket;
import io.cspwebsocket.CspWebSocketHandle;
import io.cspwebsocket.spi.CspRuntime;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * The single-node {@link CspRuntime}, registered for {@link java.util.ServiceLoader}: serves
 * {@code openServer}, {@code openIds} and {@code broadcast} from the registry of this class
 * loader.
 */
public final class LocalRuntime implements CspRuntime {

    private final ConnectionRegistry registry = ConnectionRegistry.global();

    /** Called by {@link java.util.ServiceLoader}. */
    public LocalRuntime() {
    }

    @Override
    public CspWebSocketHandle openServer(String webSocketId) {
        return LocalHandle.open(registry, webSocketId);
    }

    @Override
    public Set<String> openIds(Class<? extends CspWebSocket> pageClass) {
        return registry.ids(pageClass);
    }

    @Override
    public int broadcast(Class<? extends CspWebSocket> pageClass, String message) {
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
