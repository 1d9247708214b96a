package io.cspwebsocket.impl.internal;

import io.cspwebsocket.CspStatus;
import io.cspwebsocket.CspWebSocket;
import io.cspwebsocket.ReadResult;
import io.cspwebsocket.impl.CspWebSocketStatistics.Refusal;
import io.cspwebsocket.internal.CspPageAccess;
import io.cspwebsocket.spi.CspChannel;
import java.security.Principal;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One client connection and its page: the {@link CspChannel} the page delegates to.
 *
 * <p>States: {@code HANDSHAKE} (created, {@code onPreServer} runs) → {@code OPEN} (registered,
 * {@code server()} runs) → {@code CLOSED}; or {@code HANDSHAKE} → {@code REFUSED} when
 * {@code onPreServer} refused or the socket never opened (the page is released, nothing was
 * registered). The move to {@code CLOSED} happens once, by CAS, for
 * whoever closes first (client, {@code endServer}, the end of {@code server()}, an error,
 * shutdown); that caller unregisters the id and closes the inbox and the writer, so every later
 * read and write sees 7951. {@code onPostServer} runs after that, exactly once.
 */
public final class Connection extends Traffic implements CspChannel {

    private enum State { HANDSHAKE, OPEN, CLOSED, REFUSED }

    private static final CspPageAccess PAGES = CspPageAccess.get();

    private final CspApplication application;
    private final PageDescriptor descriptor;
    private final CspWebSocket page;
    private final PageInstances.Created instance;
    private final String webSocketId;
    private final HandshakeFacts facts;
    private final SessionBinding session;
    // A field with a VarHandle rather than an AtomicReference: one object fewer per idle socket,
    // and no indirection on every read and write, which check it.
    private volatile State state = State.HANDSHAKE;
    private static final java.lang.invoke.VarHandle STATE;
    private final CompletableFuture<Void> closed = new CompletableFuture<>();
    /** Completes when the container has reported the socket closed (its onClose), whoever closed it. */
    private final CompletableFuture<Void> containerClosed = new CompletableFuture<>();

    // Written once in opened(), before the connection is published in the registry.
    private volatile Inbound inbound;
    private volatile BlockingInbox inbox; // null when a shared page handles onClientMessage
    private volatile SerializedWriter writer;
    private volatile SocketCloser closer;

    // Heartbeat bookkeeping (SPEC §8.3): written by the container thread and the heartbeat thread.
    /** How long {@code onClose} may lag behind an error reported on a closed socket: see {@link #errorOnClosedSocket}. */
    static final long CONTAINER_CLOSE_GRACE_NANOS = java.util.concurrent.TimeUnit.SECONDS.toNanos(2);
    // Written per message part with a release store (the heartbeat only needs to see it some time
    // soon after; a volatile store would be a full fence on x86 for every part).
    private volatile long lastReceivedNanos = System.nanoTime();
    private static final java.lang.invoke.VarHandle LAST_RECEIVED_NANOS;

    static {
        try {
            java.lang.invoke.MethodHandles.Lookup lookup = java.lang.invoke.MethodHandles.lookup();
            STATE = lookup.findVarHandle(Connection.class, "state", State.class);
            LAST_RECEIVED_NANOS = lookup.findVarHandle(Connection.class, "lastReceivedNanos", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }
    /**
     * When the container reported an error on a socket it had already closed ({@code nanoTime},
     * never 0), or 0. The container's {@code onClose} normally follows at once, with the code it
     * sent; if it has not come within {@link #CONTAINER_CLOSE_GRACE_NANOS}, the heartbeat ends the
     * page as if the client had vanished, so that no page waits for ever on a dead socket.
     */
    private volatile long errorOnClosedSocketNanos;
    /** The last heartbeat that found unread data waiting for the page (only the heartbeat touches it). */
    private long lastBackloggedNanos = lastReceivedNanos;
    private volatile long lastPingNanos = System.nanoTime();

    // Written once by the winner of the close CAS, before `closed` completes.
    private volatile int closeCode;
    private volatile String closeReason = "";

    Connection(CspApplication application, PageDescriptor descriptor, PageInstances.Created instance, String webSocketId,
               HandshakeFacts facts, SessionBinding session) {
        super(application.metrics());
        this.application = application;
        this.descriptor = descriptor;
        this.instance = instance;
        this.page = instance.page();
        this.webSocketId = webSocketId;
        this.facts = facts;
        this.session = session;
        PAGES.attach(page, this);
    }

    // ------------------------------------------------------------------ lifecycle, driven by the adapter

    /**
     * Runs {@code onPreServer} on the handshake thread (SPEC §2.2).
     *
     * @return OK to accept; an error (also for an exception, which is logged) to refuse
     */
    public CspStatus runPreServer() {
        try {
            CspStatus status = PAGES.onPreServer(page);
            if (status == null || status.isError()) {
                application.metrics().refused(Refusal.ON_PRE_SERVER);
                Log.info(webSocketId, "onPreServer of " + descriptor.pageClass().getName() + " refused the connection: "
                        + status);
                abandon(null);
                return status == null ? CspStatus.error("onPreServer returned null") : status;
            }
            return CspStatus.OK;
        } catch (RuntimeException | Error e) {
            application.metrics().refused(Refusal.ON_PRE_SERVER);
            callbackFailed();
            Log.warn(webSocketId, "onPreServer of " + descriptor.pageClass().getName() + " threw; connection refused", e);
            abandon(null);
            return CspStatus.error("onPreServer threw " + e.getClass().getName());
        } finally {
            facts.seal();
        }
    }

    /**
     * The handshake ended without a socket (refused by {@code onPreServer}, by the container after
     * it, or the socket never opened): the page is released as a refused one is, once, and
     * nothing was registered (SPEC §8.3).
     *
     * @param why for the log; {@code null} when already logged
     * @return whether this call released it (the socket had not opened meanwhile)
     */
    boolean abandon(String why) {
        if (!STATE.compareAndSet(this, State.HANDSHAKE, State.REFUSED)) {
            return false;
        }
        application.openedOrAbandoned(this);
        if (why != null) {
            Log.info(webSocketId, "handshake for " + descriptor.path() + " abandoned: " + why);
        }
        releasePage();
        return true;
    }

    /**
     * The socket is open: registers the id and starts the page (SPEC §2.3). A connection
     * abandoned meanwhile (its handshake outlived the grace) is closed instead, without page code.
     *
     * @param transport the container's asynchronous send
     * @param socketCloser closes the container's socket
     */
    void opened(Transport transport, SocketCloser socketCloser, FlowControl flow) {
        int capacity = application.config().inboxCapacity();
        PageThreads threads = application.threads();
        SharedDispatcher dispatcher = null;
        if (page.isSharedConnection() && descriptor.handlesClientMessages()) {
            dispatcher = new SharedDispatcher(this, threads);
            MessageQueue queue = new MessageQueue(capacity, dispatcher::schedule, dispatcher::deliverHere, flow);
            dispatcher.attach(queue);
            this.inbound = queue;
        } else {
            // Synchronous pages, and shared pages without onClientMessage (IRIS 2016: queued for read).
            this.inbox = new BlockingInbox(capacity, page.isNoDataFraming(), flow, application.readWakeups(),
                    application.clock());
            this.inbound = inbox;
        }
        this.writer = new SerializedWriter(transport, application.config().outboxCapacity(), this,
                this::sendFailed);
        this.closer = socketCloser;
        if (!STATE.compareAndSet(this, State.HANDSHAKE, State.OPEN)) {
            Log.info(webSocketId, "socket opened after its handshake was abandoned; closing it with 1011");
            socketCloser.close(CloseReasons.SERVER_ERROR, "handshake abandoned");
            return;
        }
        application.openedOrAbandoned(this);
        application.register(this);
        Runnable body = page.isSharedConnection() ? new SharedRunner(this, dispatcher, threads) : new SynchronousRunner(this);
        threads.start("csp-page " + webSocketId, body);
    }

    /**
     * A text fragment arrived on the container's thread; blocks while the inbox is full.
     *
     * @param text the fragment
     * @param last whether it ends the message
     * @throws InterruptedException if the container interrupts its thread
     */
    void receivedText(String text, boolean last) throws InterruptedException {
        if (page.isBinaryData()) {
            // BinaryData (SPEC §3.4): the page reads bytes, and len counts bytes, whatever the frame.
            inbound.offerBinary(SerializedWriter.utf8(text), last);
            return;
        }
        inbound.offerText(text, last);
    }

    /**
     * A binary fragment arrived on the container's thread; blocks while the inbox is full.
     *
     * @param bytes the fragment (handed over)
     * @param last whether it ends the message
     * @throws InterruptedException if the container interrupts its thread
     */
    void receivedBinary(byte[] bytes, boolean last) throws InterruptedException {
        inbound.offerBinary(bytes, last);
    }

    /** @return the synchronous page's inbox, or {@code null} (shared pages with onClientMessage; before the open) */
    BlockingInbox inbox() {
        return inbox;
    }

    /**
     * The container reported an error on a socket it has already closed. Its {@code onClose}, with
     * the code it sent (1007 after text that is not UTF-8 on Jetty), normally follows and ends the
     * page; ending it here with 1006 would hide that code from {@code onPostServer}. The heartbeat
     * ends it with 1006 only if no close has come within {@link #CONTAINER_CLOSE_GRACE_NANOS}.
     */
    void errorOnClosedSocket() {
        long now = System.nanoTime();
        errorOnClosedSocketNanos = now == 0 ? 1 : now;
    }

    /** Something (a data frame or a pong) arrived from the client: the socket is not idle. */
    void touch() {
        LAST_RECEIVED_NANOS.setRelease(this, System.nanoTime());
    }

    /**
     * One heartbeat tick (SPEC §8.3): closes a socket silent for the idle timeout with 1001, pings
     * one silent for the ping interval. (Its HTTP session is kept alive once per session, by the
     * application, §7.3.)
     *
     * @param now {@link System#nanoTime()} of this tick
     * @param config the ping interval and idle timeout
     */
    void heartbeat(long now, CspConfig config) {
        if (!isOpen()) {
            return;
        }
        long error = errorOnClosedSocketNanos;
        if (error != 0 && now - error >= CONTAINER_CLOSE_GRACE_NANOS) {
            Log.debug(webSocketId, "the container reported an error on the closed socket but no close; ending with 1006");
            peerClosed(CloseReasons.ABNORMAL, "");
            return;
        }
        long received = lastReceivedNanos;
        if (inbound.backlogged()) {
            lastBackloggedNanos = now; // reading is paused because the page is behind: not idle
        }
        long silence = now - (received - lastBackloggedNanos > 0 ? received : lastBackloggedNanos); // the later one
        if (silence >= config.idleTimeout().toNanos()) {
            Log.info(webSocketId, "nothing received for " + config.idleTimeout() + "; closing with 1001");
            closeElsewhere(CloseReasons.GOING_AWAY, "idle timeout");
            return;
        }
        if (writer.stalledNanos(now) > config.sendTimeout().toNanos()) {
            writer.timeOutStalledSend(); // its writer gets 5001, not the 7951 of the close
            if (closeElsewhere(CloseReasons.SERVER_ERROR, "send timeout")) {
                countSendTimeout(); // a client that stopped reading: close 1011 (§4.3)
            }
            return;
        }
        long interval = config.pingInterval().toNanos();
        // Pinged on the client's own silence, page behind or not: while reading is paused for
        // back-pressure the container reads nothing, so a client that vanished meanwhile is found
        // only by a write, and on Tyrus a container thread stays held in the full inbox until then.
        if (now - received >= interval && now - lastPingNanos >= interval && !writer.isBusy()) {
            lastPingNanos = now;
            // A ping is a blocking send in Jakarta WebSocket: it waits for room in a dead peer's
            // buffer, so it goes out on a thread of its own, never on the heartbeat's (§8.3).
            application.threads().execute("csp-ping " + webSocketId, writer::pingIfIdle);
        }
    }

    /** Counts a page callback that threw or returned an error, for the MBean. */
    void callbackFailed() {
        application.metrics().callbackErrors.increment();
    }

    SessionBinding session() {
        return session;
    }

    /**
     * The client closed, or the container lost the socket.
     *
     * @param code the close code seen
     * @param reason the reason phrase
     */
    void peerClosed(int code, String reason) {
        containerClosed.complete(null);
        long sendTimeout = application.config().sendTimeout().toNanos();
        if (writer.sendTimedOut(sendTimeout)) {
            // The container closed the session because a write of ours outlived the send timeout
            // (a blocking send on this thread: Tomcat; an asynchronous one whose failure is reported
            // after the close: Jetty 12): that is a send timeout, closed with 1011 (§4.3), not a
            // client's close.
            if (transitionToClosed(CloseReasons.SERVER_ERROR, "send timeout")) {
                inbound.terminate();
                countSendTimeout();
            }
            return;
        }
        if (transitionToClosed(code, reason)) {
            inbound.endOfInput(); // what the client sent before closing can still be read (§3.3)
        }
    }

    /**
     * A send failed with an I/O error (the client vanished, or the container's send timeout
     * fired): the socket is closed with 1011, as SPEC §4.3 says of failed sends.
     *
     * @param failure what the container reported
     */
    private void sendFailed(Throwable failure) {
        // Runs on the container's callback thread: the close frame goes out elsewhere.
        if (closeElsewhere(CloseReasons.SERVER_ERROR, "send failed")
                && SerializedWriter.isTimeout(failure)) {
            // Tomcat's (or Jetty's) own send timeout (set to the send timeout in onOpen) fired before the
            // heartbeat saw the stall: it is a send timeout all the same, for the MBean and the log
            // (found by the reliability suite: SendTimeouts missed every writeAsync-only socket).
            countSendTimeout();
        }
    }

    /**
     * Closes the socket from the server side (endServer, end of server(), errors, shutdown), on
     * the calling thread.
     *
     * @param code the close code to send
     * @param reason the reason to send; never exception text
     * @return {@code true} if this call closed it
     */
    boolean closeFromServer(int code, String reason) {
        return close(code, reason, false);
    }

    /**
     * Closes the socket from a thread that must not wait for one peer (the heartbeat, the session
     * listener, a container callback, shutdown of a busy socket): decides here, at once, and sends
     * the close frame on a thread of its own, since a close can wait for a stalled peer's buffer
     * for the container's whole send timeout (SPEC §8.3).
     *
     * @param code the close code to send
     * @param reason the reason to send; never exception text
     * @return {@code true} if this call closed it
     */
    boolean closeElsewhere(int code, String reason) {
        return close(code, reason, true);
    }

    private boolean close(int code, String reason, boolean elsewhere) {
        String safeReason = CloseReasons.truncate(reason);
        if (!transitionToClosed(code, safeReason)) {
            return false;
        }
        inbound.terminate();
        if (elsewhere) {
            application.threads().execute("csp-close " + webSocketId, () -> closer.close(code, safeReason));
        } else {
            closer.close(code, safeReason);
        }
        return true;
    }

    private boolean transitionToClosed(int code, String reason) {
        if (!STATE.compareAndSet(this, State.OPEN, State.CLOSED)) {
            return false;
        }
        closeCode = code;
        closeReason = reason == null ? "" : reason;
        fold(); // before it leaves the registry: the application's figures never miss these counts
        application.unregister(this); // before onPostServer, so broadcasts never see a dead id (§6.3)
        writer.close();
        closed.complete(null);
        return true;
    }

    /** Runs {@code onPostServer} once the socket is closed, and ends the session if asked (§2.5, §7.2). */
    void runPostServer() {
        try {
            CspStatus status = PAGES.onPostServer(page);
            if (status != null && status.isError()) {
                callbackFailed();
                Log.info(webSocketId, "onPostServer returned " + status);
            }
        } catch (RuntimeException | Error e) {
            callbackFailed();
            Log.warn(webSocketId, "onPostServer threw", e);
        } finally {
            if (page.isSessionEndOnClose()) {
                try {
                    session.invalidate();
                } catch (RuntimeException e) {
                    Log.debug(webSocketId, "session already ended: " + e);
                }
            }
            releasePage();
        }
    }

    /** Ends the page instance (under CDI: {@code @PreDestroy}, then dispose), once. */
    private void releasePage() {
        try {
            instance.release();
        } catch (RuntimeException | Error e) {
            callbackFailed();
            Log.warn(webSocketId, "ending the page instance (@PreDestroy) threw", e);
        }
    }

    // ------------------------------------------------------------------ accessors for the library

    CspWebSocket page() {
        return page;
    }

    Class<? extends CspWebSocket> pageClass() {
        return descriptor.pageClass();
    }

    PageDescriptor descriptor() {
        return descriptor;
    }

    CspConfig applicationConfig() {
        return application.config();
    }

    /** @return whether the socket is open (not in the handshake, not closed) */
    public boolean isOpen() {
        return state == State.OPEN;
    }

    /** @return whether a message is queued or on the wire (the close frame may have to wait for it) */
    boolean isSending() {
        SerializedWriter current = writer;
        return current != null && current.isBusy();
    }

    /** @return completes when the socket has closed */
    CompletionStage<Void> closedStage() {
        return closed;
    }

    /**
     * @return completes when the container has reported the socket closed; until then its threads
     *         may still be reading frames for this application
     */
    CompletableFuture<Void> containerClosedStage() {
        return containerClosed;
    }

    // ------------------------------------------------------------------ CspChannel

    @Override
    public String webSocketId() {
        return webSocketId;
    }

    @Override
    public String sessionId() {
        return session.id();
    }

    @Override
    public String gatewayClientAddress() {
        return facts.localAddress();
    }

    @Override
    public boolean inPreServer() {
        return state == State.HANDSHAKE;
    }

    @Override
    public ReadResult read(int len, Duration timeout) {
        requireOpened("read");
        if (inbox == null && !isOpen()) {
            return ReadResult.closed(); // e.g. an openServer handle kept across the close (§6.2)
        }
        if (inbox == null) {
            throw new IllegalStateException("this shared page receives client messages in onClientMessage; "
                    + "read is for pages that do not override it; WebSocketID " + webSocketId);
        }
        return inbox.read(len < 1 ? CspWebSocket.DEFAULT_READ_LENGTH : len, timeout);
    }

    @Override
    public CspStatus write(String data) {
        requireOpened("write");
        if (!page.isBinaryData()) {
            return send(data, null);
        }
        byte[] bytes = ByteStrings.bytes(data); // §4.1: a String in binary mode is a byte string
        return bytes != null ? send(null, bytes) : ByteStrings.wideChar(data);
    }

    @Override
    public CspStatus write(byte[] data) {
        requireOpened("write");
        return send(null, data.clone());
    }

    @Override
    public CompletableFuture<CspStatus> writeAsync(String data) {
        requireOpened("write");
        if (!page.isBinaryData()) {
            return writer.enqueue(data, null);
        }
        byte[] bytes = ByteStrings.bytes(data);
        return bytes != null ? writer.enqueue(null, bytes) : CompletableFuture.completedFuture(ByteStrings.wideChar(data));
    }

    /** @return whether the page is in binary mode now (IRIS {@code BinaryData}), for {@code openServer} handles */
    boolean isBinaryData() {
        return page.isBinaryData();
    }

    @Override
    public CompletableFuture<CspStatus> writeAsync(byte[] data) {
        requireOpened("write");
        return writer.enqueue(null, data.clone());
    }

    @Override
    public CspStatus endServer() {
        requireOpened("endServer");
        return closeFromServer(CloseReasons.NORMAL, "") ? CspStatus.OK : CspStatus.CLOSED;
    }

    @Override
    public String requestParameter(String name) {
        return facts.parameter(name);
    }

    @Override
    public String requestHeader(String name) {
        return facts.header(name);
    }

    @Override
    public Principal userPrincipal() {
        return facts.principal();
    }

    @Override
    public boolean isUserInRole(String role) {
        return facts.isUserInRole(role);
    }

    @Override
    public String remoteAddress() {
        return facts.remoteAddress();
    }

    @Override
    public Object sessionAttribute(String name) {
        return session.getAttribute(name);
    }

    @Override
    public void setSessionAttribute(String name, Object value) {
        session.setAttribute(name, value);
    }

    @Override
    public int closeCode() {
        return closeCode;
    }

    @Override
    public String closeReason() {
        return closeReason;
    }

    @Override
    public String toString() {
        return "Connection[" + webSocketId + ", " + descriptor.path() + ", " + state + "]";
    }

    // ------------------------------------------------------------------ internals

    /** A send this connection gave up waiting for: counted, logged and closed with 1011 (§4.3). */
    private CspStatus timedOut(Duration timeout) {
        if (closeFromServer(CloseReasons.SERVER_ERROR, "send timeout")) {
            countSendTimeout();
        }
        return CspStatus.error("send did not complete within " + timeout);
    }

    private void countSendTimeout() {
        application.metrics().sendTimeouts.increment();
        Log.warn(webSocketId, "send did not complete within " + application.config().sendTimeout()
                + "; closing with 1011");
    }

    private void requireOpened(String what) {
        if (state == State.HANDSHAKE) {
            throw new IllegalStateException(what + " is not allowed before the socket is open (in onPreServer); "
                    + "WebSocketID " + webSocketId);
        }
    }

    /**
     * A blocking write: sends and waits until one send timeout after the write began, queueing
     * included; a send that does not finish by then closes the socket (§4.3).
     */
    private CspStatus send(String text, byte[] bytes) {
        Duration timeout = application.config().sendTimeout();
        long timeoutNanos = timeout.toNanos();
        long now = System.nanoTime();
        long deadline = now + timeoutNanos;
        CompletableFuture<CspStatus> send = writer.send(text, bytes, timeoutNanos, now);
        try {
            CspStatus status = send.getNow(null);
            if (status == null) {
                status = send.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            }
            if (status == SerializedWriter.QUEUE_FULL) {
                return timedOut(timeout); // waited a whole send timeout for room: the client is stuck
            }
            return status; // TIMED_OUT included: the container's timeout was counted and closed where seen
        } catch (TimeoutException e) {
            return timedOut(timeout);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return CspStatus.error("interrupted while sending");
        } catch (ExecutionException e) {
            return CspStatus.error("send failed: " + e.getCause());
        }
    }
}
