package io.cspwebsocket.redis;

import io.cspwebsocket.CspStatus;
import io.cspwebsocket.spi.CspLocalNode;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.BiConsumer;

/**
 * Serves other nodes' requests with this node's sockets and publishes the answers.
 *
 * <p>Runs on the Lettuce event loop that delivered the request, or for a broadcast (and whatever
 * the same sender sent after it, until it is done) on a fan-out thread ({@link SenderLanes});
 * either way requests from one node are served in the order they were sent (two
 * {@code writeAsync} calls keep their order, SPEC §4.2).
 * Nothing here blocks: {@link CspLocalNode} is non-blocking by contract, a write's status is
 * published when its send completes, and {@code endServer} completes on a library thread.
 *
 * <p>Writes and {@code endServer} run at most once per request id ({@link RequestMemory}): a caller
 * that sends a request again (its answer may have been lost) gets the first outcome. Broadcasts too
 * run at most once per request id.
 */
final class RequestServer {

    private final String nodeId;
    private final CspLocalNode local;
    private final BiConsumer<String, byte[]> publish;
    private final RequestMemory memory;

    /**
     * @param nodeId this node, named in every answer
     * @param local this node's sockets
     * @param publish sends an answer (channel, message) without blocking
     * @param memory the requests served recently, so that none runs twice
     */
    RequestServer(String nodeId, CspLocalNode local, BiConsumer<String, byte[]> publish, RequestMemory memory) {
        this.memory = memory;
        this.nodeId = nodeId;
        this.local = local;
        this.publish = publish;
    }

    void serve(Wire.Request request) {
        try {
            switch (request.kind()) {
                case WRITE_UTF8, WRITE_UTF16 -> once(request, () -> local.write(request.target(), request.text(), null));
                case WRITE_BINARY -> once(request, () -> local.write(request.target(), null, request.payload()));
                case WRITE_WAIT_UTF8, WRITE_WAIT_UTF16 ->
                        once(request, () -> local.writeAndWait(request.target(), request.text(), null));
                case WRITE_WAIT_BINARY -> once(request, () -> local.writeAndWait(request.target(), null, request.payload()));
                case END -> once(request, () -> local.endServer(request.target()));
                case STATUS -> answer(request, local.status(request.target()));
                case BINARY_DATA -> answer(request, local.binaryData(request.target()) ? CspStatus.OK : CspStatus.CLOSED);
                // A broadcast that comes again is neither served nor answered again (its count would be
                // summed twice): Lettuce sends a command once more after a reconnection when the lost
                // connection had not answered it, though Redis may have run it (a master killed or
                // demoted under load).
                case BROADCAST_UTF8, BROADCAST_UTF16 -> memory.once(request.replyTo(), request.id(), () -> {
                    int accepted = local.broadcast(request.target(), request.text());
                    send(request, new Wire.Reply(request.id(), nodeId, 0, Integer.toString(accepted)));
                    return CompletableFuture.completedFuture(CspStatus.OK);
                });
                default -> throw new IllegalArgumentException("not a request: " + request.kind());
            }
        } catch (RuntimeException e) {
            // The caller gets 5001 now rather than after its timeout; the socket is unaffected.
            answer(request, CspStatus.error("node " + nodeId + " failed to serve the request: " + e));
        }
    }

    private void once(Wire.Request request, java.util.function.Supplier<CompletionStage<CspStatus>> execute) {
        answerLater(request, memory.once(request.replyTo(), request.id(), execute));
    }

    private void answerLater(Wire.Request request, CompletionStage<CspStatus> status) {
        status.whenComplete((result, failure) -> answer(request, failure != null
                ? CspStatus.error("node " + nodeId + " failed: " + failure) : result));
    }

    private void answer(Wire.Request request, CspStatus status) {
        send(request, new Wire.Reply(request.id(), nodeId, status.code(), status.message()));
    }

    private void send(Wire.Request request, Wire.Reply reply) {
        publish.accept(request.replyTo(), Wire.encode(reply));
    }
}
