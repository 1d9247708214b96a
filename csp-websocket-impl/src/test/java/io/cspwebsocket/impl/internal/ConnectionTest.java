package io.cspwebsocket.impl.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cspwebsocket.CspClass;
import io.cspwebsocket.CspStatus;
import io.cspwebsocket.CspWebSocket;
import io.cspwebsocket.impl.CspPageFactory;
import io.cspwebsocket.impl.CspWebSocketStatistics.Refusal;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * One connection's decisions, driven without a container: what {@code onPreServer}'s answer does
 * (SPEC §2.2), the release of a page that never opened, the counters the statistics report
 * (callback errors, refusals, messages and bytes in, send timeouts), the close on a failed or
 * timed-out send (§4.3), the heartbeat's send timeout and backlog (§8.3), and a shared page's
 * read after the close (§6.2).
 */
class ConnectionTest {

    /** A page whose callbacks answer what the test sets; {@code server()} waits until released. */
    @CspClass("Test.Scripted")
    public static class ScriptedPage extends CspWebSocket {
        final CountDownLatch finish = new CountDownLatch(1);
        volatile Supplier<CspStatus> preServer = () -> CspStatus.OK;
        volatile Supplier<CspStatus> postServer = () -> CspStatus.OK;

        /** Created by the factory. */
        public ScriptedPage() {
        }

        @Override
        protected CspStatus onPreServer() {
            return preServer.get();
        }

        @Override
        protected CspStatus server() {
            await(finish);
            return CspStatus.OK;
        }

        @Override
        protected CspStatus onPostServer() {
            return postServer.get();
        }
    }

    /** A shared page that handles client messages in {@code onClientMessage}: it has no inbox. */
    @CspClass("Test.SharedScripted")
    public static class SharedPage extends CspWebSocket {
        /** Created by the factory. */
        public SharedPage() {
            setSharedConnection(true);
        }

        @Override
        protected CspStatus server() {
            return CspStatus.OK;
        }

        @Override
        protected CspStatus onClientMessage(String data, int close) {
            return CspStatus.OK;
        }
    }

    /** Creates pages with their constructor, lets the test script them, and records their release. */
    private static final class ScriptingFactory implements CspPageFactory {
        final List<CspWebSocket> created = new CopyOnWriteArrayList<>();
        final List<CspWebSocket> released = new CopyOnWriteArrayList<>();
        volatile Consumer<CspWebSocket> script = page -> { };
        volatile RuntimeException releaseFailure;

        @Override
        public <T extends CspWebSocket> T create(Class<T> pageClass) {
            try {
                T page = pageClass.getConstructor().newInstance();
                script.accept(page);
                created.add(page);
                return page;
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException(e);
            }
        }

        @Override
        public void release(CspWebSocket page) {
            released.add(page);
            if (releaseFailure != null) {
                throw releaseFailure;
            }
        }
    }

    private static final Duration LONG = Duration.ofHours(1);

    /** Completes every send at once and counts the pings. */
    private static final class CountingPings extends InstantTransport {
        final AtomicInteger pings = new AtomicInteger();

        @Override
        public void sendPing(ByteBuffer payload, Consumer<Throwable> done) {
            pings.incrementAndGet();
            done.accept(null);
        }

        void awaitPings(int count) throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (pings.get() < count && System.nanoTime() < deadline) {
                Thread.sleep(1);
            }
            assertEquals(count, pings.get());
        }
    }

    private final ScriptingFactory factory = new ScriptingFactory();
    private final List<Integer> closeCodes = new CopyOnWriteArrayList<>();
    private CspApplication application;

    @AfterEach
    void stop() {
        for (CspWebSocket page : factory.created) {
            if (page instanceof ScriptedPage scripted) {
                scripted.finish.countDown();
            }
        }
        if (application != null) {
            application.shutdown();
        }
    }

    // ------------------------------------------------------------------ onPreServer (SPEC §2.2)

    @Test
    void spec2_2_aRefusalKeepsThePagesOwnStatusIsCountedAndReleasesThePage() {
        CspStatus refusal = CspStatus.error("not you");
        factory.script = page -> ((ScriptedPage) page).preServer = () -> refusal;
        Connection connection = prepared(config(Duration.ofSeconds(5), 1000), ScriptedPage.class);

        assertSame(refusal, connection.runPreServer(), "the page's own status goes back to the handshake");
        assertEquals(1, application.metrics().refusedHandshakes(Refusal.ON_PRE_SERVER));
        assertEquals(0, application.metrics().callbackErrors.sum(), "a refusal is no callback error");
        assertEquals(factory.created, factory.released, "the refused page is released");
        assertFalse(connection.abandon("late"), "released once: nothing left to abandon");
    }

    @Test
    void spec2_2_aNullAnswerRefusesWithAnErrorNotNull() {
        factory.script = page -> ((ScriptedPage) page).preServer = () -> null;
        Connection connection = prepared(config(Duration.ofSeconds(5), 1000), ScriptedPage.class);

        CspStatus status = connection.runPreServer();
        assertNotNull(status);
        assertTrue(status.isError(), status.toString());
        assertEquals(1, application.metrics().refusedHandshakes(Refusal.ON_PRE_SERVER));
    }

    @Test
    void spec2_2_anExceptionRefusesAndCountsACallbackError() {
        factory.script = page -> ((ScriptedPage) page).preServer = () -> {
            throw new IllegalArgumentException("boom");
        };
        Connection connection = prepared(config(Duration.ofSeconds(5), 1000), ScriptedPage.class);

        assertTrue(connection.runPreServer().isError());
        assertEquals(1, application.metrics().refusedHandshakes(Refusal.ON_PRE_SERVER));
        assertEquals(1, application.metrics().callbackErrors.sum());
        assertEquals(factory.created, factory.released);
    }

    @Test
    void spec8_3_aHandshakeIsAbandonedOnceAndNotAfterItsSocketOpened() {
        Connection abandoned = prepared(config(Duration.ofSeconds(5), 1000), ScriptedPage.class);
        assertTrue(abandoned.runPreServer().isOk());
        assertTrue(abandoned.abandon("the client left"), "the first abandon releases the page");
        assertFalse(abandoned.abandon("again"), "and only the first");
        assertEquals(1, factory.released.size());

        Connection opened = newConnection(ScriptedPage.class);
        assertTrue(opened.runPreServer().isOk());
        opened.opened(new InstantTransport(), (code, reason) -> closeCodes.add(code), null);
        assertFalse(opened.abandon("too late"), "an open socket is not abandoned");
        assertTrue(opened.isOpen());
        assertEquals(1, factory.released.size(), "the open page is not released");
    }

    // ------------------------------------------------------------------ onPostServer and the release

    @Test
    void anErrorFromOnPostServerIsCountedAndThePageStillReleased() {
        factory.script = page -> ((ScriptedPage) page).postServer = () -> CspStatus.error("failed");
        Connection connection = prepared(config(Duration.ofSeconds(5), 1000), ScriptedPage.class);
        connection.runPostServer();
        assertEquals(1, application.metrics().callbackErrors.sum());
        assertEquals(factory.created, factory.released);
    }

    @Test
    void anExceptionFromOnPostServerIsCountedAndThePageStillReleased() {
        factory.script = page -> ((ScriptedPage) page).postServer = () -> {
            throw new IllegalStateException("boom");
        };
        Connection connection = prepared(config(Duration.ofSeconds(5), 1000), ScriptedPage.class);
        connection.runPostServer();
        assertEquals(1, application.metrics().callbackErrors.sum());
        assertEquals(factory.created, factory.released);
    }

    @Test
    void aReleaseThatThrowsIsCountedNotPropagated() {
        factory.releaseFailure = new IllegalStateException("@PreDestroy failed");
        Connection connection = prepared(config(Duration.ofSeconds(5), 1000), ScriptedPage.class);
        connection.runPostServer();
        assertEquals(1, application.metrics().callbackErrors.sum());
    }

    // ------------------------------------------------------------------ counters and accessors

    @Test
    void messagesAreCountedAtTheirLastPartAndBytesAsReportedBeforeAndAfterTheClose() {
        Connection connection = opened(config(Duration.ofSeconds(5), 1000), new InstantTransport());
        connection.received(3, false);
        assertEquals(0, application.statistics().messagesIn(), "a part is not a message");
        assertEquals(3, application.statistics().bytesIn());
        connection.received(2, true);
        assertEquals(1, application.statistics().messagesIn());
        assertEquals(5, application.statistics().bytesIn());

        connection.closeFromServer(CloseReasons.NORMAL, "done"); // the socket's counts join the application's totals
        assertEquals(1, application.statistics().messagesIn(), "nothing lost or doubled when the socket closes");
        assertEquals(5, application.statistics().bytesIn());
        connection.received(4, true); // a part the container delivered between the close and its onClose
        assertEquals(2, application.statistics().messagesIn(), "counted after the close too");
        assertEquals(9, application.statistics().bytesIn());
    }

    @Test
    void aCloseReportedWithoutAReasonHasAnEmptyOneAndTheContainersCloseIsSeen() {
        Connection connection = opened(config(Duration.ofSeconds(5), 1000), new InstantTransport());
        assertFalse(connection.containerClosedStage().isDone());
        connection.peerClosed(CloseReasons.ABNORMAL, null);
        assertEquals(CloseReasons.ABNORMAL, connection.closeCode());
        assertEquals("", connection.closeReason());
        assertTrue(connection.containerClosedStage().isDone(), "shutdown waits for this before it ends (SPEC 10)");
    }

    /**
     * The server's own close sends its frame on the calling thread (the page's, which has nothing
     * else to do); a close decided by the heartbeat or a container callback on a thread of its own,
     * since the frame may wait for a stalled peer's buffer for the container's whole send timeout.
     */
    @Test
    void spec8_3_aCloseDecidedElsewhereSendsItsFrameOnAThreadOfItsOwn() throws Exception {
        Connection fromServer = prepared(config(Duration.ofSeconds(5), 1000), ScriptedPage.class);
        Connection elsewhere = newConnection(ScriptedPage.class);
        CompletableFuture<Thread> serverFrame = new CompletableFuture<>();
        CompletableFuture<Thread> elsewhereFrame = new CompletableFuture<>();
        assertTrue(fromServer.runPreServer().isOk());
        fromServer.opened(new InstantTransport(), (code, reason) -> serverFrame.complete(Thread.currentThread()), null);
        assertTrue(elsewhere.runPreServer().isOk());
        elsewhere.opened(new InstantTransport(), (code, reason) -> elsewhereFrame.complete(Thread.currentThread()), null);

        assertTrue(fromServer.closeFromServer(CloseReasons.NORMAL, ""));
        assertSame(Thread.currentThread(), serverFrame.getNow(null), "sent before closeFromServer returned, here");
        assertTrue(elsewhere.closeElsewhere(CloseReasons.GOING_AWAY, "idle timeout"));
        assertNotSame(Thread.currentThread(), elsewhereFrame.get(5, TimeUnit.SECONDS));
    }

    @Test
    void theGatewayClientAddressIsTheHandshakesLocalAddress() {
        Connection connection = prepared(config(Duration.ofSeconds(5), 1000), ScriptedPage.class);
        assertEquals("localhost", connection.gatewayClientAddress());
    }

    @Test
    void aCloseDecidedElsewhereIsDecidedOnce() {
        Connection connection = opened(config(Duration.ofSeconds(5), 1000), new InstantTransport());
        assertTrue(connection.closeElsewhere(CloseReasons.GOING_AWAY, "bye"));
        assertFalse(connection.closeElsewhere(CloseReasons.SERVER_ERROR, "again"));
        assertEquals(CloseReasons.GOING_AWAY, connection.closeCode());
    }

    @Test
    void spec6_2_aSharedPagesReadAfterTheCloseReportsClosed() {
        Connection connection = prepared(config(Duration.ofSeconds(5), 1000), SharedPage.class);
        assertTrue(connection.runPreServer().isOk());
        connection.opened(new InstantTransport(), (code, reason) -> closeCodes.add(code), null);
        assertThrows(IllegalStateException.class, () -> connection.read(1, Duration.ZERO),
                "while open, a shared page's messages go to onClientMessage");
        connection.closeFromServer(CloseReasons.NORMAL, "");
        assertTrue(connection.read(1, Duration.ZERO).status().isClosed(), "an openServer handle kept across the close");
    }

    // ------------------------------------------------------------------ sends (SPEC §4.3)

    @Test
    void spec4_3_aSendFailingWithAnIoErrorClosesWith1011() throws Exception {
        HeldTransport transport = new HeldTransport();
        Connection connection = opened(config(Duration.ofSeconds(5), 1000), transport);
        CompletableFuture<CspStatus> write = connection.writeAsync("x");
        transport.pending.get(0).accept(new IOException("connection reset"));

        assertTrue(write.get(5, TimeUnit.SECONDS).isError());
        assertFalse(connection.isOpen());
        assertEquals(CloseReasons.SERVER_ERROR, connection.closeCode());
        assertEquals(0, application.metrics().sendTimeouts.sum(), "an I/O error is not a send timeout");
    }

    @Test
    void spec4_3_theContainersOwnSendTimeoutClosesWith1011AndIsCounted() throws Exception {
        HeldTransport transport = new HeldTransport();
        Connection connection = opened(config(Duration.ofSeconds(5), 1000), transport);
        CompletableFuture<CspStatus> write = connection.writeAsync("x");
        transport.pending.get(0).accept(new SocketTimeoutException("send timeout"));

        assertSame(SerializedWriter.TIMED_OUT, write.get(5, TimeUnit.SECONDS));
        assertFalse(connection.isOpen());
        assertEquals(CloseReasons.SERVER_ERROR, connection.closeCode());
        assertEquals(1, application.metrics().sendTimeouts.sum());
    }

    @Test
    void spec4_3_aBlockingWriteThatOutlivesTheSendTimeoutClosesWith1011() {
        HeldTransport transport = new HeldTransport();
        Connection connection = opened(config(Duration.ofMillis(200), 1000), transport);

        CspStatus status = connection.write("never completed");
        assertNotNull(status);
        assertTrue(status.isError(), status.toString());
        assertFalse(connection.isOpen());
        assertEquals(CloseReasons.SERVER_ERROR, connection.closeCode());
        assertEquals(1, application.metrics().sendTimeouts.sum());
    }

    @Test
    void spec4_3_aBlockingWriteThatFindsNoRoomWithinTheSendTimeoutClosesWith1011() {
        HeldTransport transport = new HeldTransport();
        Connection connection = opened(config(Duration.ofMillis(200), 4), transport);
        connection.writeAsync("full"); // on the wire, never completed: the queue holds its 4 chars

        CspStatus status = connection.write("more");
        assertNotNull(status);
        assertTrue(status.isError(), status.toString());
        assertFalse(connection.isOpen());
        assertEquals(CloseReasons.SERVER_ERROR, connection.closeCode());
        assertEquals(1, application.metrics().sendTimeouts.sum());
    }

    @Test
    void aBlockingWriteOnAnInterruptedThreadReturnsAnErrorAndKeepsTheInterrupt() {
        HeldTransport transport = new HeldTransport();
        Connection connection = opened(config(Duration.ofSeconds(5), 1000), transport);
        Thread.currentThread().interrupt();
        CspStatus status;
        try {
            status = connection.write("x");
        } finally {
            assertTrue(Thread.interrupted(), "the interrupt is kept for the page");
        }
        assertNotNull(status);
        assertTrue(status.isError(), status.toString());
    }

    @Test
    void spec2_2_noWriteBeforeTheSocketIsOpen() {
        Connection connection = prepared(config(Duration.ofSeconds(5), 1000), ScriptedPage.class);
        assertThrows(IllegalStateException.class, () -> connection.write("x"));
        assertThrows(IllegalStateException.class, () -> connection.write(new byte[1]));
        assertThrows(IllegalStateException.class, () -> connection.writeAsync("x"));
        assertThrows(IllegalStateException.class, () -> connection.writeAsync(new byte[1]));
        assertTrue(connection.toString().contains(connection.webSocketId()), connection.toString());
    }

    /**
     * Tomcat's blocking send closes the session itself when its timeout expires, and reports the
     * close on the sending thread before the send returns: a send timeout (5001, 1011), not a
     * client's close.
     */
    @Test
    void spec4_3_aCloseReportedInsideABlockingSendThatOutlivedTheTimeoutIsASendTimeout() {
        AtomicReference<Connection> self = new AtomicReference<>();
        Transport tomcatLike = new HeldTransport() {
            @Override
            public boolean sendsOnCallingThread() {
                return true;
            }

            @Override
            public Throwable sendNow(String text, ByteBuffer bytes) {
                long end = System.nanoTime() + Duration.ofMillis(80).toNanos();
                while (System.nanoTime() < end) {
                    Thread.onSpinWait();
                }
                self.get().peerClosed(1006, ""); // the container's own close, on this thread
                return new SocketTimeoutException("send timeout");
            }
        };
        Connection connection = opened(config(Duration.ofMillis(50), 1000), tomcatLike);
        self.set(connection);

        assertSame(SerializedWriter.TIMED_OUT, connection.write("slow"));
        assertEquals(CloseReasons.SERVER_ERROR, connection.closeCode(), "not the 1006 the container reported");
        assertEquals(1, application.metrics().sendTimeouts.sum());
        assertTrue(connection.read(1, Duration.ZERO).status().isClosed(), "the page's next read sees 7951 at once");
    }

    // ------------------------------------------------------------------ heartbeat (SPEC §8.3)

    @Test
    void spec8_3_theHeartbeatTimesOutAStalledSendWith5001AndCloses1011() throws Exception {
        HeldTransport transport = new HeldTransport();
        CspConfig config = config(Duration.ofSeconds(5), 1000);
        Connection connection = opened(config, transport);
        CompletableFuture<CspStatus> write = connection.writeAsync("stuck");

        connection.heartbeat(System.nanoTime() + Duration.ofSeconds(6).toNanos(), config);
        assertSame(SerializedWriter.TIMED_OUT, write.getNow(null), "the writer hears 5001, not the close's 7951");
        assertFalse(connection.isOpen());
        assertEquals(CloseReasons.SERVER_ERROR, connection.closeCode());
        assertEquals(1, application.metrics().sendTimeouts.sum());
    }

    @Test
    void spec8_3_aClientSilentForTheIdleTimeoutIsClosedWith1001AndNotBefore() {
        Duration idle = Duration.ofMinutes(10);
        CspConfig config = new CspConfig(CspConfig.DEFAULTS.maxMessageSize(), Duration.ofSeconds(5),
                CspConfig.DEFAULTS.inboxCapacity(), 1000, Duration.ofMillis(200), List.of(), false, LONG, idle);
        Connection connection = opened(config, new InstantTransport());
        long opened = System.nanoTime(); // after the connection's own clocks started

        connection.heartbeat(opened + idle.toNanos() - Duration.ofSeconds(1).toNanos(), config);
        assertTrue(connection.isOpen(), "silent for less than the idle timeout");
        connection.heartbeat(System.nanoTime() + idle.toNanos(), config);
        assertFalse(connection.isOpen());
        assertEquals(CloseReasons.GOING_AWAY, connection.closeCode());
    }

    @Test
    void spec8_3_aSendOnTheWireForLessThanTheSendTimeoutIsLeftAlone() {
        HeldTransport transport = new HeldTransport();
        CspConfig config = config(Duration.ofSeconds(5), 1000);
        Connection connection = opened(config, transport);
        CompletableFuture<CspStatus> write = connection.writeAsync("slow");

        connection.heartbeat(System.nanoTime() + Duration.ofSeconds(4).toNanos(), config);
        assertTrue(connection.isOpen());
        assertFalse(write.isDone());
        transport.pending.get(0).accept(null);
        assertSame(CspStatus.OK, write.getNow(null));
        assertEquals(0, application.metrics().sendTimeouts.sum());
    }

    @Test
    void spec8_3_aClientWhoseMessagesWaitForThePageIsNotIdle() throws InterruptedException {
        CspConfig config = new CspConfig(CspConfig.DEFAULTS.maxMessageSize(), Duration.ofSeconds(5),
                CspConfig.DEFAULTS.inboxCapacity(), 1000, Duration.ofMillis(200), List.of(), false, LONG,
                Duration.ofSeconds(1));
        Connection connection = opened(config, new InstantTransport());
        connection.receivedText("unread", true); // the page never reads it: the inbox is backlogged

        connection.heartbeat(System.nanoTime() + Duration.ofSeconds(2).toNanos(), config);
        assertTrue(connection.isOpen(), "reading is held back by the page, not by a silent client");
    }

    /**
     * A ping goes out only when the client has been silent for a whole interval and the last ping
     * is a whole interval old: neither alone is enough.
     */
    @Test
    void spec8_3_aPingNeedsBothTheClientsSilenceAndTheLastPingAWholeIntervalOld() throws InterruptedException {
        // The application's own heartbeat ticks every interval / 4 in real time; with the last ping at
        // `first`, it cannot ping before `first + interval`, a second after this test's last check.
        long interval = Duration.ofSeconds(1).toNanos();
        CspConfig config = new CspConfig(CspConfig.DEFAULTS.maxMessageSize(), Duration.ofSeconds(5),
                CspConfig.DEFAULTS.inboxCapacity(), 1000, Duration.ofMillis(200), List.of(), false,
                Duration.ofNanos(interval), LONG);
        CountingPings transport = new CountingPings();
        Connection connection = opened(config, transport);
        long opened = System.nanoTime(); // after the connection's own clocks started

        long first = opened + interval;
        connection.heartbeat(first, config);
        transport.awaitPings(1);

        connection.heartbeat(first + interval / 2, config); // silent long enough, but pinged just now
        while (System.nanoTime() <= first) {
            Thread.sleep(1);
        }
        connection.touch(); // the client speaks after the first ping
        connection.heartbeat(first + interval, config); // pinged an interval ago, but the client just spoke
        Thread.sleep(100); // a ping would go out on a thread of its own: give it the time to
        assertEquals(1, transport.pings.get());
    }

    // ------------------------------------------------------------------ helpers

    private static CspConfig config(Duration sendTimeout, long outboxCapacity) {
        CspConfig defaults = CspConfig.DEFAULTS;
        return new CspConfig(defaults.maxMessageSize(), sendTimeout, defaults.inboxCapacity(), outboxCapacity,
                Duration.ofMillis(200), List.of(), false, LONG, LONG);
    }

    private Connection prepared(CspConfig config, Class<? extends CspWebSocket> page) {
        application = new CspApplication("connection-test",
                ClsPathMapper.of(List.of(ScriptedPage.class, SharedPage.class)), config, getClass().getClassLoader(),
                parameter -> null, factory);
        return newConnection(page);
    }

    private Connection newConnection(Class<? extends CspWebSocket> pageClass) {
        PageDescriptor page = application.mapper().pages().stream()
                .filter(descriptor -> descriptor.pageClass() == pageClass).findFirst().orElseThrow();
        HandshakeFacts facts = new HandshakeFacts(Map.of(), Map.of(), null, role -> false, null, "localhost");
        return application.newConnection(page, facts, TransientSession.create());
    }

    private Connection opened(CspConfig config, Transport transport) {
        Connection connection = prepared(config, ScriptedPage.class);
        assertTrue(connection.runPreServer().isOk());
        connection.opened(transport, (code, reason) -> closeCodes.add(code), null);
        return connection;
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
