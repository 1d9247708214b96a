package io.cspwebsocket.redis;

import io.cspwebsocket.CspStatus;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/**
 * The status of a call whose request Redis did not take cleanly, telling apart the two cases README
 * gives different advice for. Lettuce refused the command before sending it (not connected, or its
 * queue is full): the request was not delivered, and a retry cannot double it. Anything else (a
 * command timeout, a connection lost while the command was on the wire): Redis may have run it, or
 * may still run it, so the outcome is unknown. A Redis paused with SIGSTOP shows why: the
 * {@code PUBLISH} times out here, and Redis runs it when it is resumed (issue 17, fault tests).
 */
final class CallFailure {

    /** Lettuce's words when it refuses a command while disconnected ({@code REJECT_COMMANDS}). */
    private static final String NOT_CONNECTED = "Currently not connected";
    /** Lettuce's words when its request queue is full. */
    private static final String QUEUE_FULL = "Request queue size exceeded";

    private CallFailure() {
    }

    /**
     * @param node the node the request was for
     * @param failure how sending it failed
     * @return 5001 "Redis is unreachable" if it was not sent, else 5001 "no answer from Redis" (outcome unknown)
     */
    static CspStatus status(String node, Throwable failure) {
        Throwable cause = failure;
        while ((cause instanceof CompletionException || cause instanceof ExecutionException) && cause.getCause() != null) {
            cause = cause.getCause();
        }
        String message = String.valueOf(cause.getMessage());
        if (notSent(cause)) {
            return CspStatus.error("Redis is unreachable: " + message);
        }
        return CspStatus.error("no answer from Redis for the request to node " + node + " (" + message
                + "): it may still be delivered");
    }

    /** @return whether Lettuce refused the command before it reached Redis */
    static boolean notSent(Throwable cause) {
        String message = cause.getMessage();
        return message != null && (message.startsWith(NOT_CONNECTED) || message.startsWith(QUEUE_FULL));
    }
}
