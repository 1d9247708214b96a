package io.cspwebsocket;

import io.cspwebsocket.spi.CspRuntime;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Stands in when no runtime is on the class path (csp-websocket-impl missing): every call
 * reports a general error instead of failing with a {@code NullPointerException}.
 */
final class NoRuntime implements CspRuntime {

    private static final CspStatus NO_RUNTIME =
            CspStatus.error("no csp-websocket runtime installed: add csp-websocket-impl to the application");

    @Override
    public CspWebSocketHandle openServer(String webSocketId) {
        return new CspWebSocketHandle() {
            @Override
            public String getWebSocketId() {
                return webSocketId;
            }

            @Override
            public CspStatus status() {
                return NO_RUNTIME;
            }

            @Override
            public boolean isBinaryData() {
                return false;
            }

            @Override
            public CspStatus write(String data) {
                return NO_RUNTIME;
            }

            @Override
            public CspStatus write(byte[] data) {
                return NO_RUNTIME;
            }

            @Override
            public CompletionStage<CspStatus> writeAsync(String data) {
                return CompletableFuture.completedFuture(NO_RUNTIME);
            }

            @Override
            public CompletionStage<CspStatus> writeAsync(byte[] data) {
                return CompletableFuture.completedFuture(NO_RUNTIME);
            }

            @Override
            public ReadResult read(int len, Duration timeout) {
                return ReadResult.closed();
            }

            @Override
            public CspStatus endServer() {
                return NO_RUNTIME;
            }
        };
    }

    @Override
    public Set<String> openIds(Class<? extends CspWebSocket> pageClass) {
        return Set.of();
    }

    @Override
    public int broadcast(Class<? extends CspWebSocket> pageClass, String message) {
        return 0;
    }
}
