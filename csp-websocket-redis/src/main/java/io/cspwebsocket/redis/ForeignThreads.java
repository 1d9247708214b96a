package io.cspwebsocket.redis;

import io.netty.util.concurrent.FastThreadLocal;
import io.netty.util.concurrent.FastThreadLocalThread;
import java.util.function.Supplier;

/**
 * Keeps Netty's thread-locals off threads this binding does not own. Sending a command from a
 * thread outside Netty's event loops (a page thread, the container's request threads, the thread
 * that deploys the application) leaves a Netty {@code InternalThreadLocalMap} on it (the recycled
 * write task, the random of a new channel id). The container keeps those threads after an
 * undeploy, and with Netty in {@code WEB-INF/lib} the map would pin the application's class loader
 * (Tomcat reports it as a leak at every undeploy). So every command sent from a foreign thread is
 * followed by {@link FastThreadLocal#removeAll()}, which Netty provides for exactly this case;
 * Netty's own threads and the binding's (both {@link FastThreadLocalThread}s that end with the
 * binding) keep theirs.
 */
final class ForeignThreads {

    private ForeignThreads() {
    }

    /**
     * Runs {@code command} (which sends something through Lettuce), then clears Netty's
     * thread-locals if the current thread is not Netty's or this binding's.
     *
     * @param command the command to send
     * @param <T> its result
     * @return its result
     */
    static <T> T send(Supplier<T> command) {
        try {
            return command.get();
        } finally {
            clean();
        }
    }

    /** Clears Netty's thread-locals if the current thread is not Netty's or this binding's. */
    static void clean() {
        if (!(Thread.currentThread() instanceof FastThreadLocalThread)) {
            FastThreadLocal.removeAll();
        }
    }
}
