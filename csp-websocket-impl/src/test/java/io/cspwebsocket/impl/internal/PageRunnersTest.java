package io.cspwebsocket.impl.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cspwebsocket.CspClass;
import io.cspwebsocket.CspStatus;
import io.cspwebsocket.CspWebSocket;
import io.cspwebsocket.impl.CspPageFactory;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * What the page's own thread does with {@code server()}'s answer, without a container: a
 * synchronous page closes with 1000 for OK or a closed status and with 1011 for an error, a
 * {@code null} or an exception, each of these counted as a callback error (SPEC §2.3, §2.5); a
 * shared page stays open after an OK {@code server()} and closes with 1011 otherwise (§2.4); a
 * shared page's {@code onClientMessage} errors are counted and close with 1011, and its close
 * callbacks and {@code onPostServer} never run on the container's thread that delivered a message.
 */
class PageRunnersTest {

    /** What this test's pages answer and what they saw. */
    static final class Script {
        volatile Supplier<CspStatus> server = () -> CspStatus.OK;
        volatile Supplier<CspStatus> message = () -> CspStatus.OK;
        volatile RuntimeException closeCallFailure;
        final CountDownLatch postServer = new CountDownLatch(1);
        final AtomicInteger postServerRuns = new AtomicInteger();
        final List<String> messages = new CopyOnWriteArrayList<>();
        final List<Thread> messageThreads = new CopyOnWriteArrayList<>();
        volatile Thread closeCallThread;
        volatile Thread postServerThread;
    }

    /** A page whose {@code server()} answers what the script says. */
    public abstract static class ScriptedPage extends CspWebSocket {
        volatile Script script;

        @Override
        protected CspStatus server() {
            return script.server.get();
        }

        @Override
        protected CspStatus onPostServer() {
            script.postServerThread = Thread.currentThread();
            script.postServerRuns.incrementAndGet();
            script.postServer.countDown();
            return CspStatus.OK;
        }
    }

    /** Synchronous: the socket's life is {@code server()}. */
    @CspClass("Test.RunnerSynchronous")
    public static class SynchronousPage extends ScriptedPage {
        /** Created by the factory. */
        public SynchronousPage() {
        }
    }

    /** Shared, without {@code onClientMessage}: its messages wait for {@code read} (IRIS 2016). */
    @CspClass("Test.RunnerSharedReading")
    public static class SharedReadingPage extends ScriptedPage {
        /** Created by the factory. */
        public SharedReadingPage() {
            setSharedConnection(true);
        }
    }

    /** Shared, with {@code onClientMessage}. */
    @CspClass("Test.RunnerSharedHandling")
    public static class SharedHandlingPage extends ScriptedPage {
        /** Created by the factory. */
        public SharedHandlingPage() {
            setSharedConnection(true);
        }

        @Override
        protected CspStatus onClientMessage(String data, int close) {
            if (close == 1) {
                script.closeCallThread = Thread.currentThread();
                if (script.closeCallFailure != null) {
                    throw script.closeCallFailure;
                }
                return CspStatus.OK;
            }
            script.messages.add(data);
            script.messageThreads.add(Thread.currentThread());
            return script.message.get();
        }
    }

    /** The defaults but for the shutdown's wait for page threads: 200 ms, as in ConnectionTest. */
    private static final CspConfig CONFIG = new CspConfig(CspConfig.DEFAULTS.maxMessageSize(),
            CspConfig.DEFAULTS.sendTimeout(), CspConfig.DEFAULTS.inboxCapacity(), CspConfig.DEFAULTS.outboxCapacity(),
            Duration.ofMillis(200), List.of(), false, CspConfig.DEFAULTS.pingInterval(), CspConfig.DEFAULTS.idleTimeout());

    private final Script script = new Script();
    private final List<Integer> closes = new CopyOnWriteArrayList<>();
    private CspApplication application;
    private Connection connection;

    @AfterEach
    void stop() {
        if (application != null) {
            application.shutdown();
        }
    }

    // ------------------------------------------------------------------ synchronous pages (SPEC §2.3, §2.5)

    @ParameterizedTest(name = "server() answers {0}: close {1}, callback errors {2}")
    @CsvSource({"ok, 1000, 0", "closed, 1000, 0", "error, 1011, 1", "null, 1011, 1", "throws, 1011, 1"})
    void spec2_3_serversAnswerDecidesTheCloseCodeAndWhatIsCounted(String answer, int code, int errors)
            throws InterruptedException {
        script.server = answer(answer);
        open(SynchronousPage.class);

        await(script.postServer);
        assertEquals(code, connection.closeCode());
        assertEquals(List.of(code), closes, "the close frame sent");
        assertEquals(errors, application.metrics().callbackErrors.sum());
        assertEquals(1, script.postServerRuns.get());
    }

    // ------------------------------------------------------------------ shared pages (SPEC §2.4)

    @ParameterizedTest(name = "{0}: server() answers {1}")
    @CsvSource({"reading, error", "reading, null", "reading, throws", "handling, error", "handling, null",
        "handling, throws"})
    void spec2_4_aSharedPageWhoseServerFailsClosesWith1011AndIsCounted(String kind, String answer)
            throws InterruptedException {
        script.server = answer(answer);
        open("reading".equals(kind) ? SharedReadingPage.class : SharedHandlingPage.class);

        await(script.postServer);
        assertEquals(CloseReasons.SERVER_ERROR, connection.closeCode());
        assertEquals(List.of(CloseReasons.SERVER_ERROR), closes);
        assertEquals(1, application.metrics().callbackErrors.sum());
        assertEquals(1, script.postServerRuns.get());
    }

    @Test
    void spec2_4_aSharedPageStaysOpenAfterAnOkServerAndItsOnPostServerRunsOnceAfterTheClose()
            throws InterruptedException {
        open(SharedReadingPage.class);
        awaitServerThreadDone();

        assertTrue(connection.isOpen(), "a shared socket outlives server()");
        assertEquals(0, application.metrics().callbackErrors.sum());
        assertEquals(1, script.postServer.getCount(), "no onPostServer while open");

        connection.peerClosed(CloseReasons.NORMAL, "bye");
        await(script.postServer);
        assertEquals(1, script.postServerRuns.get());
        assertNotSame(Thread.currentThread(), script.postServerThread, "on a library thread, not the container's");
    }

    @Test
    void spec2_4_aMessageIsDeliveredOnTheContainersThreadButTheCloseCallbacksNeverAre() throws InterruptedException {
        script.message = () -> CspStatus.error("refused");
        open(SharedHandlingPage.class);
        awaitServerThreadDone();

        connection.receivedText("bad", true); // this test's thread plays the container's
        assertEquals(List.of("bad"), script.messages);
        assertSame(Thread.currentThread(), script.messageThreads.get(0), "delivered where it arrived");

        await(script.postServer);
        assertEquals(CloseReasons.SERVER_ERROR, connection.closeCode(), "an error from onClientMessage closes with 1011");
        assertEquals(1, application.metrics().callbackErrors.sum());
        assertNotSame(Thread.currentThread(), script.closeCallThread, "onClientMessage(\"\", 1) on a library thread");
        assertNotSame(Thread.currentThread(), script.postServerThread, "onPostServer on a library thread");
    }

    /**
     * The client's close arrives while {@code onClientMessage} runs on the container's thread:
     * that thread finds the queue drained and closed when the call returns, and must hand the
     * close callbacks to a library thread rather than run them itself (SharedDispatcher's drain).
     */
    @Test
    void spec2_4_aCloseThatArrivesDuringADeliveryOnTheContainersThreadIsHandedToALibraryThread()
            throws InterruptedException {
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        script.message = () -> {
            entered.countDown();
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return CspStatus.OK;
        };
        open(SharedHandlingPage.class);
        awaitServerThreadDone();
        Thread container = new Thread(() -> {
            try {
                connection.receivedText("hold", true);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "container");
        container.start();
        await(entered);

        connection.peerClosed(CloseReasons.NORMAL, ""); // while the delivery holds the socket's dispatcher
        release.countDown();
        container.join(10_000);

        await(script.postServer);
        assertEquals(List.of(container), script.messageThreads, "the message was delivered where it arrived");
        assertNotSame(container, script.closeCallThread, "onClientMessage(\"\", 1) on a library thread");
        assertNotSame(container, script.postServerThread, "onPostServer on a library thread");
        assertEquals(1, script.postServerRuns.get());
    }

    @ParameterizedTest(name = "onClientMessage answers {0}")
    @CsvSource({"null", "throws"})
    void spec2_4_onClientMessageFailingClosesWith1011AndIsCounted(String answer) throws InterruptedException {
        script.message = answer(answer);
        open(SharedHandlingPage.class);
        awaitServerThreadDone();

        connection.receivedText("x", true);
        await(script.postServer);
        assertEquals(CloseReasons.SERVER_ERROR, connection.closeCode());
        assertEquals(1, application.metrics().callbackErrors.sum());
    }

    @Test
    void spec2_5_aCloseCallbackThatThrowsIsCountedAndOnPostServerStillRuns() throws InterruptedException {
        script.closeCallFailure = new IllegalStateException("boom");
        open(SharedHandlingPage.class);
        awaitServerThreadDone();

        connection.peerClosed(CloseReasons.NORMAL, "");
        await(script.postServer);
        assertEquals(1, application.metrics().callbackErrors.sum());
        assertEquals(1, script.postServerRuns.get());
        assertEquals(CloseReasons.NORMAL, connection.closeCode());
    }

    // ------------------------------------------------------------------ helpers

    private static Supplier<CspStatus> answer(String answer) {
        return switch (answer) {
            case "ok" -> () -> CspStatus.OK;
            case "closed" -> () -> CspStatus.CLOSED; // the seed's `return endServer()` after the client left
            case "error" -> () -> CspStatus.error("failed");
            case "null" -> () -> null;
            case "throws" -> () -> {
                throw new IllegalStateException("boom");
            };
            default -> throw new IllegalArgumentException(answer);
        };
    }

    private void open(Class<? extends ScriptedPage> pageClass) {
        CspPageFactory factory = new CspPageFactory() {
            @Override
            public <T extends CspWebSocket> T create(Class<T> type) {
                try {
                    T page = type.getConstructor().newInstance();
                    ((ScriptedPage) page).script = script;
                    return page;
                } catch (ReflectiveOperationException e) {
                    throw new IllegalStateException(e);
                }
            }

            @Override
            public void release(CspWebSocket page) {
            }
        };
        application = new CspApplication("runners-test",
                ClsPathMapper.of(List.of(SynchronousPage.class, SharedReadingPage.class, SharedHandlingPage.class)),
                CONFIG, getClass().getClassLoader(), parameter -> null, factory);
        PageDescriptor page = application.mapper().pages().stream()
                .filter(descriptor -> descriptor.pageClass() == pageClass).findFirst().orElseThrow();
        HandshakeFacts facts = new HandshakeFacts(Map.of(), Map.of(), null, role -> false, null, "localhost");
        connection = application.newConnection(page, facts, TransientSession.create());
        assertTrue(connection.runPreServer().isOk());
        connection.opened(new InstantTransport(), (code, reason) -> closes.add(code), null);
    }

    /**
     * Waits until the shared page's thread has run {@code server()} and what follows it. The
     * library's own wait for its tasks (undeploy's) does this; tasks handed over afterwards, the
     * close callbacks among them, still run, each on a thread of its own.
     */
    private void awaitServerThreadDone() throws InterruptedException {
        assertEquals(List.of(), application.threads().awaitAll(Duration.ofSeconds(10)), "the page thread ended");
    }

    private static void await(CountDownLatch latch) throws InterruptedException {
        assertTrue(latch.await(10, TimeUnit.SECONDS), "timed out waiting for onPostServer");
    }
}
