package io.cspwebsocket.spring.boot.tests.metrics;

import io.cspwebsocket.CspStatus;
import io.cspwebsocket.spi.CspCluster;
import io.cspwebsocket.spi.CspClusterContext;
import io.cspwebsocket.spi.CspClusterProvider;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * A cluster binding whose connection a test switches on and off, for the health indicator. Found by
 * the {@link java.util.ServiceLoader} of every application in this module; it joins only where the
 * init parameter {@value #PARAMETER} is set, so the other tests' applications stay single-node.
 */
public final class FakeClusterProvider implements CspClusterProvider {

    /** The init parameter that makes an application join this binding. */
    public static final String PARAMETER = "test.fakeCluster";

    /** Whether the binding reports itself connected; a test flips it. */
    static volatile boolean connected = true;

    /** Used by the {@code ServiceLoader}. */
    public FakeClusterProvider() {
    }

    @Override
    public CspCluster start(CspClusterContext context) {
        return context.initParameter(PARAMETER) == null ? null : new FakeCluster();
    }

    /** One node alone: every remote call answers "no such socket". */
    private static final class FakeCluster implements CspCluster {
        @Override
        public String nodeId() {
            return "fake-node";
        }

        @Override
        public boolean isConnected() {
            return connected;
        }

        @Override
        public void opened(String webSocketId, String pageClassName) {
        }

        @Override
        public void closed(String webSocketId, String pageClassName) {
        }

        @Override
        public Set<String> openIds(String pageClassName) {
            return Set.of();
        }

        @Override
        public CompletionStage<CspStatus> write(String nodeId, String webSocketId, String text, byte[] bytes,
                                                Duration timeout) {
            return CompletableFuture.completedFuture(CspStatus.CLOSED);
        }

        @Override
        public CompletionStage<CspStatus> endServer(String nodeId, String webSocketId, Duration timeout) {
            return CompletableFuture.completedFuture(CspStatus.CLOSED);
        }

        @Override
        public CompletionStage<CspStatus> status(String nodeId, String webSocketId, Duration timeout) {
            return CompletableFuture.completedFuture(CspStatus.CLOSED);
        }

        @Override
        public CompletionStage<Integer> broadcast(String pageClassName, String message, Duration timeout) {
            return CompletableFuture.completedFuture(0);
        }

        @Override
        public void close() {
        }
    }
}
