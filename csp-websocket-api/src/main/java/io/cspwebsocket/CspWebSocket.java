package io.cspwebsocket;

import io.cspwebsocket.internal.CspPageAccess;
import io.cspwebsocket.spi.CspChannel;
import io.cspwebsocket.spi.CspRuntime;
import java.nio.charset.StandardCharsets;
import java.security.Principal;
import java.time.Duration;
import java.util.Objects;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.concurrent.CompletionStage;

/**
 * A WebSocket server page: the Java form of InterSystems {@code %CSP.WebSocket}.
 *
 * <p>Subclass it, annotate the subclass with {@link CspClass}, and put it in a WAR with
 * csp-websocket-api and csp-websocket-impl: each client that connects to
 * {@code <context>/csp/user/MyApp.MyWebSocketServer.cls} gets a new instance.
 *
 * <h2>Lifecycle</h2>
 * <ol>
 *   <li>{@link #onPreServer()} runs during the handshake, before the upgrade is accepted. The
 *       id, session and request are already available. Returning an error or throwing refuses
 *       the connection (HTTP 403). Set {@link #setSharedConnection(boolean) SharedConnection}
 *       here and only here.</li>
 *   <li>{@link #server()} runs once the socket is open. In synchronous mode (the default) it
 *       runs on a thread of its own (a virtual thread on JDK 21+) and loops over
 *       {@link #read(int, Duration) read} and {@link #write(String) write}; when it returns the
 *       socket is closed (1000, or 1011 if it returned an error or threw). In shared mode it may
 *       return at once, the socket stays open, and client messages go to
 *       {@link #onClientMessage(String, int)}.</li>
 *   <li>{@link #onPostServer()} runs exactly once per opened connection, after the socket has
 *       closed, also when a callback threw.</li>
 * </ol>
 *
 * <h2>Threading</h2>
 * <ul>
 *   <li>{@code onPreServer} runs on the container's request thread that handles the handshake.</li>
 *   <li>{@code server} and (in synchronous mode) {@code onPostServer} run on the page's own
 *       thread. In shared mode {@code onClientMessage} runs one call at a time per socket, in
 *       arrival order: on the container's thread that delivered the message (as an
 *       {@code @OnMessage} method does; while it runs, that socket's next message waits), or on
 *       a library thread when messages queued up meanwhile; never in the container's selector
 *       loop. A call that blocks for long holds one of the container's request threads. The close
 *       call {@code onClientMessage("", 1)} and {@code onPostServer} run on a library thread.</li>
 *   <li>{@code read} is for one thread at a time (a second concurrent reader gets
 *       {@link IllegalStateException}). {@code write}, {@code writeAsync}, {@code endServer},
 *       {@link #openServer(String)}, {@link #openIds(Class)} and property getters are safe from
 *       any thread; concurrent writes never interleave.</li>
 * </ul>
 *
 * <h2>Errors</h2>
 * Expected outcomes (timeout, closed socket, stale id, failed send) are returned as
 * {@link CspStatus}; programming errors throw {@link IllegalStateException} or
 * {@link NullPointerException}. Arguments must not be {@code null} unless stated.
 */
public abstract class CspWebSocket {

    /** IRIS's default {@code len} for {@code Read}: 32656 characters. */
    public static final int DEFAULT_READ_LENGTH = 32656;

    /** IRIS's default {@code timeout} for {@code Read}: 86400 seconds. */
    public static final Duration DEFAULT_READ_TIMEOUT = Duration.ofSeconds(86400);

    static {
        CspPageAccess.install(new Access());
    }

    private volatile CspChannel channel;
    private volatile boolean sharedConnection;
    private volatile boolean binaryData;
    private volatile boolean noDataFraming;
    private volatile boolean sessionEndOnClose;
    private volatile boolean atEnd = true;

    /** Pages are created by the runtime, one per connection, with their no-argument constructor. */
    protected CspWebSocket() {
    }

    // ---------------------------------------------------------------- lifecycle callbacks

    /**
     * IRIS {@code OnPreServer}: runs during the handshake, before the upgrade is accepted, on the
     * container's request thread. {@code read} and {@code write} are not allowed yet.
     *
     * @implSpec The default returns {@link CspStatus#OK}.
     * @return OK to accept the connection; an error status (or an exception) refuses it with
     *         HTTP 403 and {@link #server()} never runs
     */
    protected CspStatus onPreServer() {
        return CspStatus.OK;
    }

    /**
     * IRIS {@code Server}: the WebSocket server. Runs on the page's own thread once the socket is
     * open. In synchronous mode, returning closes the socket: with 1000 for OK or a closed status
     * (the usual {@code return endServer()}), with 1011 for another error or an exception. In
     * shared mode it may return at once; the socket stays open.
     *
     * @return the page's status
     */
    protected abstract CspStatus server();

    /**
     * IRIS {@code OnPostServer}: runs exactly once per opened connection, after the socket is
     * closed, on the page's thread (synchronous mode) or the library's message thread (shared
     * mode). {@link #getCloseCode()} and {@link #getCloseReason()} tell how it closed.
     *
     * @implSpec The default returns {@link CspStatus#OK}.
     * @return the page's status (logged if it is an error)
     */
    protected CspStatus onPostServer() {
        return CspStatus.OK;
    }

    /**
     * IRIS {@code OnClientMessage}: in shared mode, called with each client message
     * ({@code close} 0), one at a time and in order, and once with {@code ("", 1)} when the socket
     * closes. An error status or exception closes the socket with 1011. A page that does not
     * override this method gets its messages queued for {@link #read(int, Duration)} instead.
     *
     * @implSpec The default returns {@link CspStatus#OK}; the runtime then queues messages for
     *     {@code read}.
     * @param data the message text; {@code ""} on close
     * @param close 0 for a message, 1 when the socket has closed
     * @return OK if the message was handled
     */
    protected CspStatus onClientMessage(String data, int close) {
        return CspStatus.OK;
    }

    /**
     * {@code OnClientMessage} for a binary message in shared mode.
     *
     * @implSpec The default passes the bytes on to {@link #onClientMessage(String, int)} as their
     *     ISO-8859-1 string, as IRIS passes raw bytes.
     * @param data the message bytes; empty on close
     * @param close 0 for a message, 1 when the socket has closed
     * @return OK if the message was handled
     */
    protected CspStatus onClientMessage(byte[] data, int close) {
        return onClientMessage(new String(data, StandardCharsets.ISO_8859_1), close);
    }

    // ---------------------------------------------------------------- I/O

    /**
     * IRIS {@code Read()} with its defaults: up to {@value #DEFAULT_READ_LENGTH} characters,
     * waiting up to 86400 seconds.
     *
     * @return the piece read and its status
     * @see #read(int, Duration)
     */
    public ReadResult read() {
        return read(DEFAULT_READ_LENGTH, DEFAULT_READ_TIMEOUT);
    }

    /**
     * IRIS {@code Read(.len, .sc, timeout)}: reads up to {@code len} characters of the current
     * client message. A longer message arrives in pieces; {@link ReadResult#atEnd()} (and
     * {@link #isAtEnd()}) is true for the piece that ends it. A piece never splits a surrogate
     * pair. In binary data, {@code len} counts bytes.
     *
     * <p>On timeout the result is empty with status 7950 and the socket stays open; a zero
     * timeout polls. Once the client has closed, messages already received are still returned,
     * then every call returns status 7951. After {@link #endServer()} it returns 7951 at once.
     *
     * @param len the maximum piece length; {@code len < 1} means {@value #DEFAULT_READ_LENGTH}
     * @param timeout how long to wait for data; not negative
     * @return the piece read and its status
     * @throws IllegalStateException in {@code onPreServer}, or if another thread is reading
     */
    public ReadResult read(int len, Duration timeout) {
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.isNegative()) {
            throw new IllegalArgumentException("timeout must not be negative: " + timeout);
        }
        ReadResult result = channel().read(len, timeout);
        if (result.status().isOk()) {
            atEnd = result.atEnd();
        }
        return result;
    }

    /**
     * IRIS {@code Write(data)}: sends one complete message, as text; or, when
     * {@link #isBinaryData()} is true, as a binary message of the string's ISO-8859-1 bytes (a
     * byte string, as {@code read} gives binary data in {@link ReadResult#data()}, so that writing
     * back what was read sends the same bytes). In binary mode a char above U+00FF cannot be a
     * byte: the write returns 5001 with a message naming it (IRIS raises {@code <WIDE CHAR>}),
     * sends nothing and leaves the socket open. Waits until it is sent or the send timeout
     * ({@code io.cspwebsocket.sendTimeout}) passes. Safe from any thread; concurrent writes never
     * interleave and each thread's writes keep their order.
     *
     * @param data the message
     * @return OK once sent; 7951 if the socket is closed; 5001 if the send failed or timed out
     *         (the socket is then closed with 1011), or for a wide char in binary mode
     * @throws IllegalStateException in {@code onPreServer}
     */
    public CspStatus write(String data) {
        return channel().write(Objects.requireNonNull(data, "data"));
    }

    /**
     * Sends one binary message. Otherwise as {@link #write(String)}.
     *
     * @param data the message
     * @return OK once sent; 7951 if the socket is closed; 5001 if the send failed or timed out
     * @throws IllegalStateException in {@code onPreServer}
     */
    public CspStatus write(byte[] data) {
        return channel().write(Objects.requireNonNull(data, "data"));
    }

    /**
     * Sends one message without waiting for it to go out, so that one slow client never stalls
     * the caller. Messages from one thread keep their order.
     *
     * @param data the message
     * @return completes with the status {@link #write(String)} would have returned
     * @throws IllegalStateException in {@code onPreServer}
     */
    public CompletionStage<CspStatus> writeAsync(String data) {
        return channel().writeAsync(Objects.requireNonNull(data, "data"));
    }

    /**
     * Sends one binary message without waiting.
     *
     * @param data the message
     * @return completes with the status {@link #write(byte[])} would have returned
     * @throws IllegalStateException in {@code onPreServer}
     */
    public CompletionStage<CspStatus> writeAsync(byte[] data) {
        return channel().writeAsync(Objects.requireNonNull(data, "data"));
    }

    /**
     * IRIS {@code EndServer()}: closes the socket normally (1000, empty reason), from any thread.
     * Afterwards {@code read} returns 7951 at once and {@link #onPostServer()} runs.
     *
     * @return OK the first time; 7951 if the socket was already closed
     */
    public CspStatus endServer() {
        return channel().endServer();
    }

    // ---------------------------------------------------------------- openServer and the registry

    /**
     * IRIS {@code ##class(%CSP.WebSocket).%New().OpenServer(id)}: opens an existing socket by its
     * WebSocket id, from any thread of the web application (a servlet, a timer, another page),
     * in either mode. Never throws for a bad id: a well-formed id that is not open gives a
     * handle whose every call returns 7951; a malformed one gives 5001.
     *
     * @param webSocketId the id, e.g. from {@link #getWebSocketId()}; {@code null} is malformed
     * @return a handle; never {@code null}
     */
    public static CspWebSocketHandle openServer(String webSocketId) {
        return RuntimeHolder.RUNTIME.openServer(webSocketId);
    }

    /**
     * The ids of the live sockets of a page class: what IRIS applications kept in a global such
     * as {@code ^CacheTemp.Chat.WebSockets}. An id is listed before {@code server()} runs and
     * removed before {@code onPostServer()} runs.
     *
     * @param pageClass the page class (exactly; subclasses are listed under their own class)
     * @return an immutable snapshot, possibly empty
     */
    public static Set<String> openIds(Class<? extends CspWebSocket> pageClass) {
        return RuntimeHolder.RUNTIME.openIds(Objects.requireNonNull(pageClass, "pageClass"));
    }

    /**
     * Sends a text message to every live socket of a page class without waiting on any single
     * one: a slow client does not delay the others.
     *
     * @param pageClass the page class
     * @param message the message
     * @return how many sockets accepted the message for sending
     */
    public static int broadcast(Class<? extends CspWebSocket> pageClass, String message) {
        return RuntimeHolder.RUNTIME.broadcast(
                Objects.requireNonNull(pageClass, "pageClass"), Objects.requireNonNull(message, "message"));
    }

    // ---------------------------------------------------------------- properties

    /**
     * IRIS {@code SharedConnection}: {@code true} for shared (asynchronous) mode, where client
     * messages go to {@link #onClientMessage(String, int)}. Only allowed in {@code onPreServer}
     * (IRIS silently ignores it elsewhere; this library refuses).
     *
     * @param shared whether the connection is shared
     * @throws IllegalStateException outside {@code onPreServer}, or together with
     *         {@link #setNoDataFraming(boolean) NoDataFraming}
     */
    protected void setSharedConnection(boolean shared) {
        checkPreServer("setSharedConnection");
        if (shared && noDataFraming) {
            throw new IllegalStateException(
                    "SharedConnection and NoDataFraming exclude each other (" + describe() + ")");
        }
        this.sharedConnection = shared;
    }

    /** @return IRIS {@code SharedConnection}: whether this page runs in shared mode */
    public boolean isSharedConnection() {
        return sharedConnection;
    }

    /**
     * IRIS {@code BinaryData}: when {@code true}, {@code write(String)} sends the string's
     * ISO-8859-1 bytes in a binary frame (a char above U+00FF gets 5001, see
     * {@link #write(String)}) and {@code read} counts bytes. May change at any time.
     *
     * @param binary whether data is binary
     */
    public void setBinaryData(boolean binary) {
        this.binaryData = binary;
    }

    /** @return IRIS {@code BinaryData} */
    public boolean isBinaryData() {
        return binaryData;
    }

    /**
     * IRIS {@code NoDataFraming}: when {@code true}, {@code read} ignores message boundaries. Only
     * allowed in {@code onPreServer}; excludes shared mode.
     *
     * @param noFraming whether message boundaries are ignored
     * @throws IllegalStateException outside {@code onPreServer}, or in shared mode
     */
    protected void setNoDataFraming(boolean noFraming) {
        checkPreServer("setNoDataFraming");
        if (noFraming && sharedConnection) {
            throw new IllegalStateException(
                    "NoDataFraming and SharedConnection exclude each other (" + describe() + ")");
        }
        this.noDataFraming = noFraming;
    }

    /** @return IRIS {@code NoDataFraming} */
    public boolean isNoDataFraming() {
        return noDataFraming;
    }

    /**
     * IRIS {@code SessionEndOnClose}: when {@code true}, the HTTP session is invalidated when the
     * socket closes, after {@code onPostServer}. Allowed in any callback.
     *
     * @param end whether the session ends with the socket
     */
    public void setSessionEndOnClose(boolean end) {
        this.sessionEndOnClose = end;
    }

    /** @return IRIS {@code SessionEndOnClose} */
    public boolean isSessionEndOnClose() {
        return sessionEndOnClose;
    }

    /**
     * IRIS {@code AtEnd}: whether the last successful {@code read} reached the end of a message.
     * Initially {@code true}.
     *
     * @return whether the current message has been read to its end
     */
    public boolean isAtEnd() {
        return atEnd;
    }

    /** @return IRIS {@code WebSocketID}: unique, unguessable, URL-safe; set before {@code onPreServer} */
    public String getWebSocketId() {
        return channel().webSocketId();
    }

    /** @return IRIS {@code SessionId}: the id of the HTTP session this socket is bound to */
    public String getSessionId() {
        return channel().sessionId();
    }

    /** @return IRIS {@code GWClientAddress}: the address of the node that holds this socket */
    public String getGatewayClientAddress() {
        return channel().gatewayClientAddress();
    }

    // ---------------------------------------------------------------- the handshake request

    /**
     * IRIS {@code %request.Data(name, 1)}: a query parameter of the handshake request.
     *
     * @param name the parameter name
     * @return its first value, or {@code null}
     */
    public String getRequestParameter(String name) {
        return channel().requestParameter(Objects.requireNonNull(name, "name"));
    }

    /**
     * A header of the handshake request (IRIS {@code %request.GetCgiEnv("HTTP_…")}).
     *
     * @param name the header name, case-insensitive
     * @return its first value, or {@code null}
     */
    public String getRequestHeader(String name) {
        return channel().requestHeader(Objects.requireNonNull(name, "name"));
    }

    /** @return the authenticated user of the handshake (IRIS {@code $USERNAME}), or {@code null} */
    public Principal getUserPrincipal() {
        return channel().userPrincipal();
    }

    /**
     * @param role a role name
     * @return whether the handshake's user is in the role (IRIS {@code $ROLES})
     */
    public boolean isUserInRole(String role) {
        return channel().isUserInRole(Objects.requireNonNull(role, "role"));
    }

    /** @return the client's address (IRIS {@code %request.CgiEnvs("REMOTE_ADDR")}), or {@code null} */
    public String getRemoteAddress() {
        return channel().remoteAddress();
    }

    /**
     * IRIS {@code %session.Data(name)}: an attribute of the bound HTTP session.
     *
     * @param name the attribute name
     * @return its value, or {@code null}
     */
    public Object getSessionAttribute(String name) {
        return channel().sessionAttribute(Objects.requireNonNull(name, "name"));
    }

    /**
     * Sets {@code %session.Data(name)}: an attribute of the bound HTTP session.
     *
     * @param name the attribute name
     * @param value the value; {@code null} removes it
     */
    public void setSessionAttribute(String name, Object value) {
        channel().setSessionAttribute(Objects.requireNonNull(name, "name"), value);
    }

    /** @return the WebSocket close code (e.g. 1000, 1001, 1011) once closed; 0 while open */
    public int getCloseCode() {
        return channel().closeCode();
    }

    /** @return the close reason once closed; {@code ""} while open or if none was given */
    public String getCloseReason() {
        return channel().closeReason();
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "[" + describe() + "]";
    }

    // ---------------------------------------------------------------- internals

    private CspChannel channel() {
        CspChannel bound = channel;
        if (bound == null) {
            throw new IllegalStateException(getClass().getName()
                    + " is not bound to a connection: pages are created by the csp-websocket runtime");
        }
        return bound;
    }

    private void checkPreServer(String what) {
        CspChannel bound = channel;
        if (bound != null && !bound.inPreServer()) {
            throw new IllegalStateException(what + " is only allowed in onPreServer (" + describe() + ")");
        }
    }

    private String describe() {
        CspChannel bound = channel;
        return bound == null ? "unbound" : "WebSocketID " + bound.webSocketId();
    }

    /** Found once per class loader: the adapter's registry, or a stand-in that reports errors. */
    private static final class RuntimeHolder {
        static final CspRuntime RUNTIME = ServiceLoader.load(CspRuntime.class, CspWebSocket.class.getClassLoader())
                .findFirst()
                .orElseGet(NoRuntime::new);
    }

    /** The bridge through which the runtime calls the protected callbacks. */
    private static final class Access extends CspPageAccess {
        @Override
        public void attach(CspWebSocket page, CspChannel channel) {
            Objects.requireNonNull(channel, "channel");
            synchronized (page) {
                if (page.channel != null) {
                    throw new IllegalStateException("page already bound: " + page);
                }
                page.channel = channel;
            }
        }

        @Override
        public CspStatus onPreServer(CspWebSocket page) {
            return page.onPreServer();
        }

        @Override
        public CspStatus server(CspWebSocket page) {
            return page.server();
        }

        @Override
        public CspStatus onPostServer(CspWebSocket page) {
            return page.onPostServer();
        }

        @Override
        public CspStatus onClientMessage(CspWebSocket page, String data, int close) {
            return page.onClientMessage(data, close);
        }

        @Override
        public CspStatus onClientMessage(CspWebSocket page, byte[] data, int close) {
            return page.onClientMessage(data, close);
        }
    }
}
