package io.cspwebsocket.tck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cspwebsocket.tck.pages.HeartbeatPage;
import io.cspwebsocket.tck.support.RawWebSocket;
import io.cspwebsocket.tck.support.TckProbe;
import io.cspwebsocket.tck.support.VerificationBase;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * SPEC §8.3, the heartbeat: a socket silent for {@code io.cspwebsocket.pingInterval} is pinged,
 * so that proxies keep it open; one that receives no frame at all, pongs included, for
 * {@code io.cspwebsocket.idleTimeout} is closed with 1001, and its page sees 7951 and runs
 * {@code onPostServer}. The other limits of §8.3 are in {@link LimitsVerification}.
 *
 * <p>The silent peer is a raw-socket client that never answers pings; the answering one is the
 * JDK client, which answers pings by itself.
 *
 * <p>To run it, extend it in a class annotated {@code @ExtendWith(ArquillianExtension.class)}
 * with {@code @Deployment(testable = false) static WebArchive war() { return
 * HeartbeatVerification.heartbeatWar(); }}: that WAR sets a ping interval of
 * {@value #PING_INTERVAL_MS} ms and an idle timeout of {@value #IDLE_TIMEOUT_MS} ms.
 */
public abstract class HeartbeatVerification extends VerificationBase {

    /** Name (and context path) of {@link #heartbeatWar()}. */
    public static final String WAR_NAME = "csp-tck-heartbeat";
    /** The ping interval of {@link #heartbeatWar()}, in milliseconds. */
    public static final long PING_INTERVAL_MS = 1000;
    /** The idle timeout of {@link #heartbeatWar()}, in milliseconds. */
    public static final long IDLE_TIMEOUT_MS = 3000;
    /** Context parameters of {@link #heartbeatWar()}. */
    public static final Map<String, String> CONTEXT_PARAMS = Map.of(
            "io.cspwebsocket.pingInterval", PING_INTERVAL_MS + "ms",
            "io.cspwebsocket.idleTimeout", IDLE_TIMEOUT_MS + "ms");

    /**
     * System property: {@code true} when the container cannot pause reading a socket, so that
     * back-pressure holds the container thread that reads it (Tyrus on Grizzly, README
     * "Containers"). There a vanished client of a page that stopped reading is found only when
     * the page reads again or ends: Grizzly handles a connection's events one at a time, so the
     * close caused by a failed ping waits behind the held thread.
     */
    public static final String READS_HELD_BY_BACK_PRESSURE_PROPERTY = "io.cspwebsocket.tck.readsHeldByBackPressure";

    private final List<RawWebSocket> raws = new ArrayList<>();

    /** For the concrete run. */
    protected HeartbeatVerification() {
    }

    /** @return the deployment of this verification: the standard WAR with {@link #CONTEXT_PARAMS} */
    public static WebArchive heartbeatWar() {
        return TckDeployments.war(WAR_NAME, CONTEXT_PARAMS);
    }

    /** Drops the raw connections a test opened. */
    @AfterEach
    protected void closeRawClients() {
        raws.forEach(RawWebSocket::close);
        raws.clear();
    }

    private void assertHeartbeatDeployed(TckProbe probe) {
        assertEquals(CONTEXT_PARAMS.get("io.cspwebsocket.idleTimeout"), probe.initParam("io.cspwebsocket.idleTimeout"),
                "this verification needs the deployment HeartbeatVerification.heartbeatWar()");
    }

    /**
     * §8.3: a client that sends nothing is pinged once the ping interval has passed, again after
     * each further interval of silence (not in a flood), and, as it answers, the pongs keep it
     * open past the idle timeout.
     *
     * <p>If this test fails, check the heartbeat: a periodic task that sends a ping when nothing
     * was received for {@code io.cspwebsocket.pingInterval}, and counts pongs as received.
     */
    @Test
    public void required_spec8_3_idleClientIsPingedEveryPingInterval() {
        assertHeartbeatDeployed(probe());
        long start = System.nanoTime();
        RawWebSocket raw = raw(page(HeartbeatPage.NAME, "t=" + token()));
        assertEquals("ready", raw.awaitText());
        int wanted = 3;
        long deadline = System.nanoTime() + Duration.ofMillis(wanted * PING_INTERVAL_MS).plus(env.timeout()).toNanos();
        while (raw.pingsSeen() < wanted) {
            RawWebSocket.Frame frame = raw.nextFrame(Duration.ofNanos(Math.max(1_000_000, deadline - System.nanoTime())));
            assertEquals(RawWebSocket.PING, frame.opcode(), () -> "expected only pings from an idle socket, got " + frame
                    + " after " + raw.pingsSeen() + " pings");
        }
        long elapsedMs = (System.nanoTime() - start) / 1_000_000;
        assertTrue(elapsedMs >= (wanted - 1) * PING_INTERVAL_MS,
                () -> wanted + " pings within " + elapsedMs + " ms: pings must be spaced by the ping interval ("
                        + PING_INTERVAL_MS + " ms)");
        assertTrue(elapsedMs >= IDLE_TIMEOUT_MS, "the answered pings must have kept the socket open past the idle timeout");
        raw.sendText("answering");
        assertEquals("answering", raw.awaitText());
        raw.sendClose(1000, "");
        assertEquals(1000, raw.awaitClose().closeCode());
    }

    /**
     * §8.3: a client that answers pings (the JDK client does so by itself) but sends no data
     * stays open well past the idle timeout, and its page keeps reading.
     *
     * <p>If this test fails, check that pongs count as received frames for the idle timeout
     * (a {@code PongMessage} handler that updates the last-received time).
     */
    @Test
    public void required_spec8_3_clientAnsweringPingsStaysOpenPastTheIdleTimeout() {
        TckProbe probe = probe();
        assertHeartbeatDeployed(probe);
        String token = token();
        TckClient client = connect(page(HeartbeatPage.NAME, "t=" + token));
        client.awaitText("ready");
        assertStaysOpen(client, Duration.ofMillis(2 * IDLE_TIMEOUT_MS + PING_INTERVAL_MS));
        client.send("still here");
        client.awaitText("still here");
        assertNull(probe.get(token + ".read"), "the page's read must not have ended");
        client.sendClose(1000, "");
        assertEquals(1000, client.awaitClose().code());
    }

    /**
     * §8.3: a client that completes the handshake and then sends nothing at all, not even pongs,
     * is closed with 1001 once the idle timeout has passed (pings alone do not keep it open);
     * the page's blocked {@code read} returns 7951 and {@code onPostServer} runs once, seeing
     * 1001.
     *
     * <p>If this test fails, check that the heartbeat closes sockets silent for
     * {@code io.cspwebsocket.idleTimeout} with {@code GOING_AWAY}, that server-sent pings do not
     * count as traffic, and that the close wakes the page's reader.
     */
    @Test
    public void required_spec8_3_silentClientIsClosedWith1001AfterTheIdleTimeout() {
        TckProbe probe = probe();
        assertHeartbeatDeployed(probe);
        String token = token();
        long start = System.nanoTime();
        RawWebSocket raw = raw(page(HeartbeatPage.NAME, "t=" + token)).answerPings(false);
        assertEquals("ready", raw.awaitText());
        RawWebSocket.Frame close = raw.awaitClose(env.timeout().plusMillis(IDLE_TIMEOUT_MS));
        long elapsedMs = (System.nanoTime() - start) / 1_000_000;
        assertEquals(1001, close.closeCode(), () -> "close of a silent socket: " + close);
        assertTrue(elapsedMs >= IDLE_TIMEOUT_MS, () -> "closed after " + elapsedMs + " ms, before the idle timeout");
        assertTrue(raw.pingsSeen() >= 1, "the silent client should have been pinged before it was dropped");
        probe.await(token + ".read", "7951");
        probe.await(token + ".post", "1");
        assertEquals("1001", probe.get(token + ".closeCode"), "getCloseCode() in onPostServer");
        env.assertStays("onPostServer to have run exactly once", () -> "1".equals(probe.get(token + ".post")));
    }

    /**
     * §8.3, §3.5: a client that floods a page which does not read, and then vanishes, is found
     * although the container reads nothing from it while the page is behind (back-pressure):
     * the heartbeat pings on the client's own silence, the page being behind or not, and a ping
     * to a closed peer fails. The library then forgets the id, and the page's next write returns
     * 7951. Without that, the socket would stay open for as long as the page does not read (on
     * Tyrus, holding a container thread in the full inbox all that time).
     *
     * <p>If this test fails, check that a backlogged socket is still pinged when its client has
     * sent nothing for the ping interval, and that a failed ping closes the connection.
     */
    @Test
    public void required_spec8_3_aClientThatVanishesWhileItsPageIsBehindIsFound() {
        org.junit.jupiter.api.Assumptions.assumeFalse(Boolean.getBoolean(READS_HELD_BY_BACK_PRESSURE_PROPERTY),
                "the container cannot pause reading: its back-pressure holds the reading thread (README, Containers)");
        String token = token();
        TckClient client = connect(page(io.cspwebsocket.tck.pages.NoReadPage.NAME, "t=" + token + "&writeAfter=1"));
        client.awaitText("ready");
        TckProbe probe = probe();
        String id = probe.await(token + ".id");
        String page = io.cspwebsocket.tck.pages.NoReadPage.class.getName();
        try {
            assertTrue(sendUntilStalled(client, "v".repeat(8 * 1024), 256L * 1024 * 1024) >= 0,
                    "the page's back-pressure never reached the client");
            discard(client); // gone without a close frame, with frames still unread at the server
            Duration limit = Duration.ofMillis(5 * PING_INTERVAL_MS).plus(env.timeout());
            env.await("the vanished client's socket to be found closed (pings every " + PING_INTERVAL_MS + " ms)",
                    limit, () -> !probe.openIds(page).contains(id));
        } finally {
            probe.signal(token + ".release");
        }
        assertEquals("7951", probe.await(token + ".writeAfter"), "the page's write after its client was found gone");
        probe.await(token + ".post", "1");
    }

    /**
     * Watches, for the whole period, that nothing arrives and the connection stays open: like
     * {@link TckEnvironment#assertStays}, over a period longer than the quiet period.
     */
    private void assertStaysOpen(TckClient client, Duration period) {
        long deadline = System.nanoTime() + period.toNanos();
        while (System.nanoTime() - deadline < 0) {
            if (client.pending() > 0 || client.isInputClosed()) {
                throw new AssertionError("a client answering pings did not stay open for " + period.toMillis()
                        + " ms: " + (client.pending() > 0 ? client.next() : "input closed"));
            }
            env.assertStays("the socket to stay open", () -> client.pending() == 0 && !client.isInputClosed());
        }
    }

    private RawWebSocket raw(java.net.URI uri) {
        RawWebSocket raw = RawWebSocket.handshake(env, uri, Map.of());
        raws.add(raw);
        assertTrue(raw.upgraded(), () -> "handshake to " + uri + " answered HTTP " + raw.response().status());
        return raw;
    }
}
