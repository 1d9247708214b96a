package io.cspwebsocket.tck;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.cspwebsocket.tck.pages.SessionPage;
import io.cspwebsocket.tck.pages.SessionServlet;
import io.cspwebsocket.tck.support.Reports;
import io.cspwebsocket.tck.support.SessionServletClient;
import io.cspwebsocket.tck.support.VerificationBase;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;

/**
 * SPEC §7.3 with the library's default heartbeat: a session whose timeout is shorter than one
 * heartbeat tick does not expire while its socket is open.
 *
 * <p>Why a class of its own: {@link SessionVerification} deploys a WAR with a 1 s ping interval
 * so that its keep-alive runs often; this one needs the default interval (30 s, a tick every
 * 7.5 s), where the first keep-alive tick can come long after a short session has run out.
 *
 * <p>To run it, extend it in a class annotated {@code @ExtendWith(ArquillianExtension.class)}
 * with {@code @Deployment(testable = false) static WebArchive war() { return
 * SessionKeepAliveVerification.keepAliveWar(); }}.
 */
public abstract class SessionKeepAliveVerification extends VerificationBase {

    /** Name (and context path) of {@link #keepAliveWar()}. */
    public static final String WAR_NAME = "csp-tck-keepalive";
    /** The session's maximum inactive interval: far below one default heartbeat tick (7.5 s). */
    static final int SESSION_SECONDS = 1;
    /** How long the session is left unaccessed before a servlet looks for it. */
    static final long IDLE_MILLIS = 1_500;

    /** For the concrete run. */
    protected SessionKeepAliveVerification() {
    }

    /** @return the standard WAR with the library's default settings */
    public static WebArchive keepAliveWar() {
        return TckDeployments.war(WAR_NAME);
    }

    /**
     * §7.3: a session with a maximum inactive interval of {@value #SESSION_SECONDS} s, bound to
     * an idle socket and then left unaccessed for {@value #IDLE_MILLIS} ms, is still there when a
     * servlet asks for it with its cookie, and the socket is still open.
     *
     * <p>The first heartbeat tick after the handshake comes at a random moment within 7.5 s, so
     * an implementation that keeps sessions alive only from the heartbeat fails this test in
     * about 80% of runs (whenever that tick is later than {@value #IDLE_MILLIS} ms).
     *
     * <p>If this test fails, check that binding a socket to its session keeps the session alive
     * at once, not only from the first heartbeat tick.
     */
    @Test
    public void required_spec7_3_aSessionShorterThanOneHeartbeatTickStaysAliveFromTheHandshakeOn() {
        SessionServletClient sessions = new SessionServletClient(env, contextRoot());
        String id = sessions.create("interval", Integer.toString(SESSION_SECONDS));
        TckClient client = track(TckClient.to(env, page(SessionPage.NAME, "t=" + token()))
                .header("Cookie", SessionServletClient.COOKIE + "=" + id).connect());
        assertEquals(id, Reports.keyValues(client.awaitText()).get("session"), "the socket's session");
        long idleSince = System.nanoTime();
        // Watch without accessing the session (an access would keep it alive by itself).
        env.await("the session to stay unaccessed for " + IDLE_MILLIS + " ms", () -> {
            String peek = sessions.call(null, "op", "peek", "id", id).body();
            if (peek.equals("none")) {
                return true; // gone: the assertion below says so
            }
            boolean waited = (System.nanoTime() - idleSince) / 1_000_000 >= IDLE_MILLIS;
            return waited && Long.parseLong(Reports.keyValues(peek).get("idleMs")) >= IDLE_MILLIS;
        });
        assertEquals(id, sessions.call(id, "op", "id").body(), () -> "the session of an open socket expired after "
                + SESSION_SECONDS + " s without requests (the library's ping interval is the default)");
        client.send("sid");
        client.awaitText("sid=" + id);
        client.sendClose(1000, "");
        assertEquals(1000, client.awaitClose().code(), "the socket must still be open, not closed for its session");
    }
}
