package io.cspwebsocket.impl.internal;

import jakarta.websocket.RemoteEndpoint;
import jakarta.websocket.SendHandler;
import jakarta.websocket.Session;
import java.io.IOException;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.function.Consumer;

/**
 * {@link Transport} over a Jakarta session: its asynchronous remote endpoint always, and on
 * Tomcat also its basic (blocking) one for blocking writes from an idle writer.
 *
 * <p>Why the basic remote: Tomcat reports the completion of an asynchronous send that finished
 * on the sending thread by dispatching the callback to its executor. A blocking {@code write}
 * then costs two thread hand-offs per message, which made a loop of
 * {@code openServer(id).write(msg)} over 5,000 sockets 2 to 5 times slower than a raw async loop
 * (BENCHMARKS.md). Tomcat's blocking send writes on the calling thread and honours a timeout of
 * its own (a session user property), so it is used where it cannot outlive the send timeout.
 * Tyrus's blocking send has no timeout, so elsewhere every send stays asynchronous.
 *
 * <p>Why sends into Tyrus run with the platform class loader as context class loader: Tyrus
 * restarts a session's idle timer on every send by scheduling a task on the container's managed
 * scheduled executor, and Payara captures the sender's context for that task with a
 * {@code ServiceLoader} lookup through the thread's context class loader. For a web application's
 * loader that lookup scans the server's jars under one lock, while the sender holds the session's
 * timer lock. With a thread per page, page threads queued on that lock, request threads closing
 * sockets queued on the timer locks behind them, and new handshakes waited for a request thread:
 * with 8 clients opening and closing sockets of the demo chat, 9 of 4,265 handshakes and 5 of
 * 2,402 did not finish within 10 s (Payara Micro 6.2025.10, JDK 17, 90 s each, thread dumps
 * showing 171 of 200 request threads blocked); with the platform loader, 0 of 7,192, 0 of 3,288,
 * 3 of 6,348 and 0 of 6,068, without that pile-up (what held those 3 is not known). The task only
 * closes an idle session and loads no application class.
 */
final class SessionTransport implements Transport {

    private static final String TOMCAT_SESSION = "org.apache.tomcat.websocket.WsSession";
    private static final String TYRUS_PACKAGE = "org.glassfish.tyrus.";
    /** Tomcat's per-session timeout of blocking sends, in milliseconds (a {@code Long}). */
    private static final String TOMCAT_BLOCKING_SEND_TIMEOUT = "org.apache.tomcat.websocket.BLOCKING_SEND_TIMEOUT";
    /**
     * From JDK 24 a virtual thread blocked in a monitor (Tomcat's blocking write waits in one when
     * the client's window is full) no longer pins its carrier (JEP 491).
     */
    private static final boolean MONITORS_RELEASE_CARRIER = Runtime.version().feature() >= 24;
    private static final MethodHandle IS_VIRTUAL = findIsVirtual();

    private final Session session;
    private final RemoteEndpoint.Async remote;
    private final boolean blockingSendBounded;
    private final boolean tyrus;

    private SessionTransport(Session session, boolean blockingSendBounded) {
        this.session = session;
        this.remote = session.getAsyncRemote();
        this.blockingSendBounded = blockingSendBounded;
        this.tyrus = session.getClass().getName().startsWith(TYRUS_PACKAGE);
    }

    /**
     * @param session the container's session
     * @param sendTimeout how long any send may take before it fails
     * @return the transport, with the container's send timeouts set to {@code sendTimeout}
     */
    static SessionTransport of(Session session, Duration sendTimeout) {
        // The container fails an asynchronous send stuck past the send timeout (a client that
        // vanished without a close), so writeAsync and broadcast futures complete; the heartbeat
        // is only a backstop.
        session.getAsyncRemote().setSendTimeout(sendTimeout.toMillis());
        boolean tomcat = isTomcat(session.getClass());
        if (tomcat) {
            session.getUserProperties().put(TOMCAT_BLOCKING_SEND_TIMEOUT, sendTimeout.toMillis());
        }
        return new SessionTransport(session, tomcat);
    }

    @Override
    public boolean isOpen() {
        return session.isOpen();
    }

    /**
     * On Tyrus, nothing is sent on a session that Tyrus already reports closed. On Payara (Tyrus on
     * Grizzly) such a late send was seen to land in another connection's response: a TCK churn
     * run saw a new handshake's response already committed when the library's servlet first
     * touched it, and an earlier one a text frame written ahead of a 101 (RELIABILITY.md); the
     * sends to closing sockets of the churn test are the only writes there. The send fails as any
     * send on a closed socket does (7951).
     */
    private boolean closedOnTyrus(Consumer<Throwable> done) {
        if (tyrus && !session.isOpen()) {
            done.accept(new IOException("the session is closed"));
            return true;
        }
        return false;
    }

    @Override
    public void sendText(String text, Consumer<Throwable> done) {
        if (closedOnTyrus(done)) {
            return;
        }
        if (tyrus) {
            withPlatformLoader(caller -> remote.sendText(text, handlerRestoring(done, caller)));
        } else {
            remote.sendText(text, handler(done));
        }
    }

    @Override
    public void sendBinary(ByteBuffer bytes, Consumer<Throwable> done) {
        if (closedOnTyrus(done)) {
            return;
        }
        if (tyrus) {
            withPlatformLoader(caller -> remote.sendBinary(bytes, handlerRestoring(done, caller)));
        } else {
            remote.sendBinary(bytes, handler(done));
        }
    }

    @Override
    public void sendPing(ByteBuffer payload, Consumer<Throwable> done) {
        if (closedOnTyrus(done)) {
            return;
        }
        Throwable failure = null;
        try {
            // A control frame of a few bytes; the writer only pings when idle.
            if (tyrus) {
                withPlatformLoader(caller -> remote.sendPing(payload));
            } else {
                remote.sendPing(payload);
            }
        } catch (IOException | RuntimeException e) {
            failure = e;
        }
        done.accept(failure);
    }

    /** A call into Tyrus, given the caller's own context class loader. */
    private interface TyrusCall<E extends Exception> {
        void run(ClassLoader caller) throws E;
    }

    /**
     * Runs one call into Tyrus with the platform class loader as the thread's context class
     * loader (see the class comment), and puts the caller's loader back afterwards.
     */
    private static <E extends Exception> void withPlatformLoader(TyrusCall<E> call) throws E {
        Thread thread = Thread.currentThread();
        ClassLoader caller = thread.getContextClassLoader();
        thread.setContextClassLoader(ClassLoader.getPlatformClassLoader());
        try {
            call.run(caller);
        } finally {
            thread.setContextClassLoader(caller);
        }
    }

    @Override
    public boolean sendsOnCallingThread() {
        return blockingSendBounded && (MONITORS_RELEASE_CARRIER || !isVirtual(Thread.currentThread()));
    }

    @Override
    public Throwable sendNow(String text, ByteBuffer bytes) {
        if (tyrus && !session.isOpen()) {
            return new IOException("the session is closed"); // see closedOnTyrus
        }
        try {
            if (text != null) {
                session.getBasicRemote().sendText(text);
            } else {
                session.getBasicRemote().sendBinary(bytes);
            }
            return null;
        } catch (IOException | RuntimeException e) {
            return e;
        }
    }

    private static SendHandler handler(Consumer<Throwable> done) {
        return result -> done.accept(result.isOK() ? null : failure(result.getException()));
    }

    /**
     * The completion of a send into Tyrus, run with the sender's context class loader: Tyrus
     * may complete a send inside the call, where the loader is the platform one, and what
     * {@code done} completes can run application callbacks ({@code writeAsync} futures).
     */
    private static SendHandler handlerRestoring(Consumer<Throwable> done, ClassLoader caller) {
        SendHandler plain = handler(done);
        return result -> {
            Thread thread = Thread.currentThread();
            ClassLoader current = thread.getContextClassLoader();
            thread.setContextClassLoader(caller);
            try {
                plain.onResult(result);
            } finally {
                thread.setContextClassLoader(current);
            }
        };
    }

    private static Throwable failure(Throwable reported) {
        return reported != null ? reported : new IllegalStateException("send failed without a cause");
    }

    private static boolean isTomcat(Class<?> sessionType) {
        for (Class<?> type = sessionType; type != null; type = type.getSuperclass()) {
            if (type.getName().equals(TOMCAT_SESSION)) {
                return true;
            }
        }
        return false;
    }

    private static boolean isVirtual(Thread thread) {
        if (IS_VIRTUAL == null) {
            return false;
        }
        try {
            return (boolean) IS_VIRTUAL.invokeExact(thread);
        } catch (Throwable e) {
            return true; // cannot tell: stay on the asynchronous path
        }
    }

    private static MethodHandle findIsVirtual() {
        try {
            return MethodHandles.publicLookup().findVirtual(Thread.class, "isVirtual",
                    MethodType.methodType(boolean.class));
        } catch (ReflectiveOperationException e) {
            return null; // JDK 17: no virtual threads
        }
    }
}
