package io.cspwebsocket.test;

import io.cspwebsocket.CspClass;
import io.cspwebsocket.CspWebSocket;
import io.cspwebsocket.impl.CspInitParameters;
import io.cspwebsocket.impl.internal.ClsPathMapper;
import io.cspwebsocket.impl.internal.CspApplication;
import io.cspwebsocket.impl.internal.CspConfig;
import io.cspwebsocket.impl.internal.PageDescriptor;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Serves pages in memory for unit tests: the adapter's own core (handshake decisions, inbox,
 * writer, shared-mode delivery, registry, lifecycle, page threads) with an in-memory network in
 * place of a container. No container, no port, no Jakarta WebSocket implementation.
 *
 * <pre>{@code
 * try (CspTestRuntime runtime = CspTestRuntime.start(MyWebSocketServer.class)) {
 *     PageClient client = runtime.open(MyWebSocketServer.class).connect();
 *     client.sendText("hello");
 *     assertEquals("hello", client.receiveText());
 *     client.awaitReading();                            // the page waits in read(32656, 10 s)
 *     runtime.clock().advance(Duration.ofSeconds(10));  // ... and its timeout ends now
 *     assertTrue(client.receiveText().startsWith("Server timed-out"));
 * }
 * }</pre>
 *
 * <p>{@code openServer}, {@code openIds} and {@code broadcast} work among the pages of the
 * runtime, as among the sockets of one deployed application. They look sockets up across the
 * JVM by page class, as on a server, where each application has page classes of its own (its
 * own class loader): so {@link #start} refuses a runtime that would serve a page class another
 * running runtime serves (run such tests in one thread, JUnit's default). Runtimes of different
 * page classes run side by side, as several applications in one server do (the in-memory TCK
 * loads each deployment's pages in a class loader of its own).
 *
 * <p>{@link #shutdown()} closes every socket with 1001 as an undeploy does, waits for the pages
 * to finish, and fails if a page thread did not (a page that ignores the closed status of its
 * reads and writes). {@link CspPageTest} does that after every test.
 */
public final class CspTestRuntime implements AutoCloseable {

    /** The shutdown timeout of a test runtime unless set: a page that finishes at all finishes fast in memory. */
    public static final Duration DEFAULT_SHUTDOWN_TIMEOUT = Duration.ofSeconds(2);

    /** The page classes of the running runtimes: two runtimes serving one class would mix its sockets. */
    private static final Set<Class<?>> SERVED = new HashSet<>();
    private static final AtomicInteger NAMES = new AtomicInteger();

    private final CspApplication application;
    private final TestClock clock;
    private final MemoryHandshake handshake;
    private final Duration shutdownTimeout;
    private final AtomicBoolean stopped = new AtomicBoolean();
    private final List<Class<?>> served;

    private CspTestRuntime(CspApplication application, TestClock clock, PageLifecycles lifecycles, List<Class<?>> served) {
        this.served = served;
        this.application = application;
        this.clock = clock;
        this.handshake = new MemoryHandshake(application, lifecycles, clock);
        this.shutdownTimeout = application.config().shutdownTimeout();
    }

    /**
     * Starts a runtime serving these pages with the default settings.
     *
     * @param pages {@link CspClass @CspClass} page classes
     * @return the running runtime
     * @throws IllegalArgumentException if a class is not a valid page (as deployment would refuse it)
     * @throws IllegalStateException if a running runtime serves one of these classes
     */
    public static CspTestRuntime start(Class<?>... pages) {
        return builder().pages(pages).start();
    }

    /** @return a builder, for settings other than the defaults */
    public static Builder builder() {
        return new Builder();
    }

    /** @return the clock that the pages' read timeouts follow */
    public TestClock clock() {
        return clock;
    }

    /**
     * Describes a handshake to a page by its class.
     *
     * @param page a page of this runtime
     * @return the request, to add parameters to and {@link PageRequest#connect() connect}
     * @throws IllegalArgumentException if this runtime does not serve that class
     */
    public PageRequest open(Class<? extends CspWebSocket> page) {
        Objects.requireNonNull(page, "page");
        for (PageDescriptor descriptor : application.mapper().pages()) {
            if (descriptor.pageClass() == page) {
                return new PageRequest(handshake, descriptor.path());
            }
        }
        throw new IllegalArgumentException(page.getName() + " is not a page of this runtime; it serves "
                + application.mapper().pages().stream().map(d -> d.pageClass().getSimpleName()).toList());
    }

    /**
     * Describes a handshake to a URL path, as a browser would open it: unknown paths get 404.
     *
     * @param pathAndQuery the path inside the web application, with an optional query string,
     *        e.g. {@code /csp/user/MyApp.Chat.cls?room=lobby}
     * @return the request
     */
    public PageRequest request(String pathAndQuery) {
        return new PageRequest(handshake, Objects.requireNonNull(pathAndQuery, "pathAndQuery"));
    }

    /**
     * The ids of a page's open sockets, as {@link CspWebSocket#openIds} returns them to page code.
     *
     * @param page a page class
     * @return a snapshot of the ids
     */
    public Set<String> openIds(Class<? extends CspWebSocket> page) {
        return CspWebSocket.openIds(page);
    }

    /**
     * Sends a message to every open socket of a page, as {@link CspWebSocket#broadcast} does from
     * outside any page (a servlet, a scheduled job).
     *
     * @param page a page class
     * @param message the text
     * @return how many sockets accepted it
     */
    public int broadcast(Class<? extends CspWebSocket> page, String message) {
        return CspWebSocket.broadcast(page, message);
    }

    /** @return how many sockets are open */
    public int openSockets() {
        return application.openConnections();
    }

    /**
     * Stops the runtime as an undeploy stops an application (SPEC §10): every socket closes with
     * 1001, every page's {@code onPostServer} runs, and the runtime waits up to its shutdown
     * timeout for the page threads. Only the first call does anything.
     *
     * @throws AssertionError naming the page threads that had not finished by then, each with
     *         the top of its stack (they are interrupted): a page that loops on after its socket
     *         closed
     */
    public void shutdown() {
        if (!stopped.compareAndSet(false, true)) {
            return;
        }
        try {
            application.shutdown();
        } finally {
            release(served);
        }
        List<String> left = application.pageThreadsLeftAtShutdown();
        if (!left.isEmpty()) {
            throw new AssertionError("page threads still running " + shutdownTimeout
                    + " after their sockets closed (a page that ignores the closed status 7951?): " + left);
        }
    }

    /** Marks the classes served, or refuses them all if a running runtime serves one. */
    private static void claim(List<Class<?>> pages) {
        synchronized (SERVED) {
            List<String> taken = pages.stream().filter(SERVED::contains).map(Class::getName).toList();
            if (!taken.isEmpty()) {
                throw new IllegalStateException("another CspTestRuntime is running and serves " + taken
                        + ": openServer, openIds and broadcast would mix their sockets; shut it down first, and run"
                        + " these tests in one thread");
            }
            SERVED.addAll(pages);
        }
    }

    private static void release(List<Class<?>> pages) {
        synchronized (SERVED) {
            pages.forEach(SERVED::remove);
        }
    }

    /** Same as {@link #shutdown()}, for try-with-resources. */
    @Override
    public void close() {
        shutdown();
    }

    /** Settings of a {@link CspTestRuntime}. */
    public static final class Builder {

        private final List<Class<?>> pages = new ArrayList<>();
        private final Map<String, String> initParameters = new HashMap<>();

        private Builder() {
            initParameters.put(CspInitParameters.SHUTDOWN_TIMEOUT, DEFAULT_SHUTDOWN_TIMEOUT.toMillis() + "ms");
        }

        /**
         * @param pageClasses {@link CspClass @CspClass} page classes to serve
         * @return this builder
         */
        public Builder pages(Class<?>... pageClasses) {
            pages.addAll(List.of(pageClasses));
            return this;
        }

        /**
         * Sets an application init parameter, as a WAR's {@code web.xml} would; names are in
         * {@link CspInitParameters} (e.g. {@code io.cspwebsocket.maxMessageSize} = {@code 1KiB}).
         *
         * @param name the parameter
         * @param value its value, parsed as on a server
         * @return this builder
         */
        public Builder initParameter(String name, String value) {
            initParameters.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, "value"));
            return this;
        }

        /**
         * @param origins cross-site origins allowed to open every page ({@code *} for all)
         * @return this builder
         */
        public Builder allowedOrigins(String... origins) {
            return initParameter(CspInitParameters.ALLOWED_ORIGINS, String.join(",", origins));
        }

        /**
         * @param timeout how long {@link CspTestRuntime#shutdown()} waits for page threads
         *        ({@link #DEFAULT_SHUTDOWN_TIMEOUT} unless set)
         * @return this builder
         */
        public Builder shutdownTimeout(Duration timeout) {
            return initParameter(CspInitParameters.SHUTDOWN_TIMEOUT, timeout.toMillis() + "ms");
        }

        /**
         * Starts the runtime.
         *
         * @return the running runtime
         * @throws IllegalArgumentException if a class is not a valid page, or a parameter cannot be parsed
         * @throws IllegalStateException if a running runtime serves one of these page classes
         */
        public CspTestRuntime start() {
            if (pages.isEmpty()) {
                throw new IllegalArgumentException("a CspTestRuntime needs at least one page class");
            }
            ClsPathMapper mapper = mapper();
            CspConfig config = CspConfig.from(initParameters::get);
            List<Class<?>> served = List.copyOf(new java.util.LinkedHashSet<>(pages));
            claim(served);
            try {
                TestClock clock = new TestClock();
                PageLifecycles lifecycles = new PageLifecycles();
                CspApplication application = new CspApplication("csp-test-" + NAMES.incrementAndGet(), mapper, config,
                        Thread.currentThread().getContextClassLoader(), initParameters::get, lifecycles,
                        clock.asPageClock());
                return new CspTestRuntime(application, clock, lifecycles, served);
            } catch (RuntimeException | Error e) {
                release(served);
                throw e;
            }
        }

        private ClsPathMapper mapper() {
            for (Class<?> page : pages) {
                if (!page.isAnnotationPresent(CspClass.class)) {
                    throw new IllegalArgumentException(page.getName() + " is not annotated @CspClass");
                }
            }
            try {
                return ClsPathMapper.of(pages, true);
            } catch (RuntimeException e) {
                throw new IllegalArgumentException(e.getMessage(), e);
            }
        }
    }
}
