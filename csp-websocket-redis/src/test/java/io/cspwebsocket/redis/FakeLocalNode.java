package io.cspwebsocket.redis;

import io.cspwebsocket.CspStatus;
import io.cspwebsocket.spi.CspClusterContext;
import io.cspwebsocket.spi.CspLocalNode;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.Function;

/** A node's sockets without sockets: records what other nodes ask, for the binding's own tests. */
final class FakeLocalNode implements CspLocalNode {

    /** What a write asked: the id and the text or bytes. */
    record Written(String id, String text, byte[] bytes, String thread) {
    }

    final Map<String, String> open = new ConcurrentHashMap<>();
    final BlockingQueue<Written> writes = new LinkedBlockingQueue<>();
    final BlockingQueue<String> broadcasts = new LinkedBlockingQueue<>();
    /** How a write to an open socket completes; default: OK at once. */
    volatile Function<Written, CompletionStage<CspStatus>> writeAnswer = written -> CompletableFuture.completedFuture(CspStatus.OK);

    /** Runs in every broadcast, on the thread that fans it out (with the message); default: nothing. */
    volatile java.util.function.Consumer<String> duringBroadcast = message -> { };
    /** The threads that ran broadcasts, in order. */
    final BlockingQueue<String> broadcastThreads = new LinkedBlockingQueue<>();

    /** Ids of open sockets whose page is in binary mode. */
    final java.util.Set<String> binary = ConcurrentHashMap.newKeySet();

    void openSocket(String id, String page) {
        open.put(id, page);
    }

    @Override
    public CompletionStage<CspStatus> write(String webSocketId, String text, byte[] bytes) {
        if (!open.containsKey(webSocketId)) {
            return CompletableFuture.completedFuture(CspStatus.CLOSED);
        }
        Written written = new Written(webSocketId, text, bytes, Thread.currentThread().getName());
        writes.add(written);
        return writeAnswer.apply(written);
    }

    @Override
    public CompletionStage<CspStatus> endServer(String webSocketId) {
        return CompletableFuture.completedFuture(open.remove(webSocketId) != null ? CspStatus.OK : CspStatus.CLOSED);
    }

    @Override
    public CspStatus status(String webSocketId) {
        return open.containsKey(webSocketId) ? CspStatus.OK : CspStatus.CLOSED;
    }

    @Override
    public boolean binaryData(String webSocketId) {
        return open.containsKey(webSocketId) && binary.contains(webSocketId);
    }

    @Override
    public int broadcast(String pageClassName, String message) {
        broadcastThreads.add(Thread.currentThread().getName());
        duringBroadcast.accept(message);
        int count = 0;
        for (String page : open.values()) {
            if (page.equals(pageClassName)) {
                count++;
            }
        }
        broadcasts.add(message);
        return count;
    }

    @Override
    public Map<String, String> openSockets() {
        return Map.copyOf(open);
    }

    /**
     * @param parameters init parameters
     * @return a context with this node
     */
    CspClusterContext context(Map<String, String> parameters) {
        FakeLocalNode node = this;
        return new CspClusterContext() {
            @Override
            public String applicationName() {
                return "/test";
            }

            @Override
            public String initParameter(String name) {
                return parameters.get(name);
            }

            @Override
            public Duration sendTimeout() {
                return Duration.ofSeconds(5);
            }

            @Override
            public CspLocalNode localNode() {
                return node;
            }
        };
    }
}
