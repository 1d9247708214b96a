package io.cspwebsocket.tck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cspwebsocket.tck.pages.SessionCallbacksPage;
import io.cspwebsocket.tck.pages.SessionOffPage;
import io.cspwebsocket.tck.pages.SessionPage;
import io.cspwebsocket.tck.pages.SessionPageBase;
import io.cspwebsocket.tck.pages.SessionServlet;
import io.cspwebsocket.tck.support.RawWebSocket;
import io.cspwebsocket.tck.support.Reports;
import io.cspwebsocket.tck.support.SessionServletClient;
import io.cspwebsocket.tck.support.TckProbe;
import io.cspwebsocket.tck.support.VerificationBase;
import java.net.URI;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * SPEC §7, sessions: the handshake's HTTP session is used (created, its cookie set on the 101
 * response) or, with {@code useSession = false}, left alone; {@code SessionEndOnClose}; the
 * session does not expire while a socket is open, its end (logout) closes the sockets with
 * 1008, and an id change (login) is followed; session attributes are shared with servlets.
 * The session calls and {@code SessionEndOnClose} are checked from every callback, in shared
 * mode ({@code onClientMessage}) too. Also the request and close facts a page sees ({@code getRemoteAddress()},
 * {@code getCloseCode()}, {@code getCloseReason()}).
 *
 * <p>The session side is driven through {@link SessionServlet} ({@code <context>/tck/session}),
 * as an application's login and logout servlets would. The 101 response headers are read with
 * a raw-socket client, since the JDK client does not expose them.
 *
 * <p>To run it, extend it in a class annotated {@code @ExtendWith(ArquillianExtension.class)}
 * with {@code @Deployment(testable = false) static WebArchive war() { return
 * SessionVerification.sessionsWar(); }}: that WAR sets a short ping interval
 * ({@value #PING_INTERVAL}), so that the library's session keep-alive runs often.
 */
public abstract class SessionVerification extends VerificationBase {

    /** Name (and context path) of {@link #sessionsWar()}. */
    public static final String WAR_NAME = "csp-tck-sessions";
    /** The ping interval of {@link #sessionsWar()}, as written in the context parameter. */
    public static final String PING_INTERVAL = "1s";
    /** Context parameters of {@link #sessionsWar()}. */
    public static final Map<String, String> CONTEXT_PARAMS = Map.of("io.cspwebsocket.pingInterval", PING_INTERVAL);
    /** The maximum inactive interval, in seconds, of the session that must not expire (§7.3). */
    protected static final int SHORT_SESSION_SECONDS = 2;

    private static final String COOKIE = SessionServletClient.COOKIE;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final List<RawWebSocket> raws = new ArrayList<>();

    /** For the concrete run. */
    protected SessionVerification() {
    }

    /** @return the deployment of this verification: the standard WAR with {@link #CONTEXT_PARAMS} */
    public static WebArchive sessionsWar() {
        return TckDeployments.war(WAR_NAME, CONTEXT_PARAMS);
    }

    /** Drops the raw connections a test opened. */
    @AfterEach
    protected void closeRawClients() {
        raws.forEach(RawWebSocket::close);
        raws.clear();
    }

    // ------------------------------------------------------------------ §7.1

    /**
     * §7.1: with {@code useSession = true} (the default), a handshake without a cookie gets a
     * new HTTP session, whose {@code JSESSIONID} cookie is set on the 101 response itself;
     * {@code getSessionId()} is that id, already in {@code onPreServer}; the session is a real
     * one, found by a servlet with that cookie, and holds what {@code onPreServer} stored.
     *
     * <p>If this test fails, check that the session is created while the handshake is still
     * plain HTTP (a filter before the container's WebSocket filter calling
     * {@code getSession(true)}), so that the container adds the cookie to the upgrade response;
     * {@code HandshakeRequest.getHttpSession()} never creates one.
     */
    @Test
    public void required_spec7_1_handshakeWithoutCookieCreatesSessionWithCookieOn101() {
        String token = token();
        RawWebSocket raw = raw(page(SessionPage.NAME, "t=" + token), Map.of());
        String cookie = raw.response().setCookie(COOKIE);
        assertNotNull(cookie, () -> "no Set-Cookie " + COOKIE + " on the 101 response; headers: " + raw.response().headers());
        Map<String, String> report = Reports.keyValues(raw.awaitText());
        assertEquals(cookie, report.get("session"), "getSessionId() must be the id of the cookie set on the 101");
        assertEquals(cookie, report.get("pre.session"), "getSessionId() in onPreServer");
        assertEquals(cookie, session(cookie, "op", "id").body(), "a servlet must find the session with the cookie of the 101");
        assertEquals(token, session(cookie, "op", "get", "name", SessionPageBase.FROM_PRE).body(),
                "the attribute onPreServer set must be in that session");
        closeNormally(raw);
    }

    /**
     * §7.1: a handshake that carries the cookie of an existing session uses that session: no
     * new cookie, {@code getSessionId()} is its id, and {@code onPreServer} reads what a servlet
     * stored in it.
     *
     * <p>If this test fails, check that the handshake filter takes the request's existing
     * session ({@code getSession(true)} returns it) instead of creating another one.
     */
    @Test
    public void required_spec7_1_handshakeWithSessionCookieReusesTheSession() {
        String value = token();
        String id = createSession("name", SessionPageBase.FROM_SERVLET, "value", value);
        String token = token();
        RawWebSocket raw = raw(page(SessionPage.NAME, "t=" + token), Map.of("Cookie", COOKIE + "=" + id));
        assertNull(raw.response().setCookie(COOKIE), "an existing session must not get a new cookie");
        Map<String, String> report = Reports.keyValues(raw.awaitText());
        assertEquals(id, report.get("session"));
        assertEquals(id, report.get("pre.session"));
        assertEquals(value, report.get("pre.attr"), "onPreServer must read the attribute the servlet stored");
        assertEquals(token, session(id, "op", "get", "name", SessionPageBase.FROM_PRE).body());
        closeNormally(raw);
    }

    /**
     * §7.1: a {@code JSESSIONID} the server never issued (forged), or the id of an invalidated
     * session (stale), binds the socket to no existing session: a new session is created, with
     * a new cookie on the 101, and {@code getSessionId()} differs from the id the client sent;
     * no session exists under the forged id afterwards (session fixation).
     *
     * <p>If this test fails, check that the session comes from the container
     * ({@code getSession(true)}), never from the cookie value itself.
     */
    @Test
    public void required_spec7_1_unknownSessionIdDoesNotBindToASession() {
        String stale = createSession();
        assertEquals("invalidated", session(stale, "op", "invalidate").body());
        byte[] bytes = new byte[16];
        RANDOM.nextBytes(bytes);
        String forged = HexFormat.of().withUpperCase().formatHex(bytes);
        for (String sent : List.of(forged, stale)) {
            RawWebSocket raw = raw(page(SessionPage.NAME, "t=" + token()), Map.of("Cookie", COOKIE + "=" + sent));
            String issued = raw.response().setCookie(COOKIE);
            assertNotNull(issued, () -> "no new session cookie for the unknown id " + sent + "; headers: "
                    + raw.response().headers());
            assertNotEquals(sent, issued, "the container must not adopt the id the client made up");
            Map<String, String> report = Reports.keyValues(raw.awaitText());
            assertEquals(issued, report.get("session"), "getSessionId() must be the newly issued id");
            assertNotEquals(sent, report.get("session"));
            assertEquals("none", session(sent, "op", "id").body(), "a session appeared under the unknown id " + sent);
            closeNormally(raw);
        }
    }

    /**
     * §7.1: with {@code useSession = false} no HTTP session is created (no cookie on the 101)
     * and {@code getSessionId()} is a transient id of the connection (not an HTTP session, and
     * another for each connection); when the request has a session, {@code getSessionId()} is
     * its id and it is not replaced.
     *
     * <p>If this test fails, check that the handshake filter calls {@code getSession(false)} for
     * pages with {@code useSession = false} and falls back to a fresh id.
     */
    @Test
    public void required_spec7_1_useSessionFalseCreatesNoSession() {
        List<String> transients = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            RawWebSocket raw = raw(page(SessionOffPage.NAME, "t=" + token()), Map.of());
            assertNull(raw.response().setCookie(COOKIE),
                    () -> "a page with useSession = false created a session: " + raw.response().headers("Set-Cookie"));
            Map<String, String> report = Reports.keyValues(raw.awaitText());
            String id = report.get("session");
            assertTrue(id != null && !id.isEmpty() && !id.equals("null"), "getSessionId() must give a transient id");
            assertEquals(id, report.get("pre.session"), "the transient id must be known in onPreServer and stay the same");
            assertEquals("none", session(id, "op", "id").body(), "the transient id must not name an HTTP session");
            transients.add(id);
            closeNormally(raw);
        }
        assertNotEquals(transients.get(0), transients.get(1), "two connections got the same transient id");
        String existing = createSession();
        RawWebSocket withSession = raw(page(SessionOffPage.NAME, "t=" + token()), Map.of("Cookie", COOKIE + "=" + existing));
        assertNull(withSession.response().setCookie(COOKIE), "useSession = false must not replace the request's session");
        assertEquals(existing, Reports.keyValues(withSession.awaitText()).get("session"),
                "getSessionId() must be the request's existing session id");
        closeNormally(withSession);
    }

    // ------------------------------------------------------------------ §7.2

    /**
     * §7.2: {@code setSessionEndOnClose(true)}, called in {@code server()} or in
     * {@code onPreServer}, invalidates the HTTP session when the socket closes, after
     * {@code onPostServer}: {@code onPostServer} still reads and writes the session, and
     * afterwards a servlet with the old cookie finds no session.
     *
     * <p>If this test fails, check that {@code runPostServer} invalidates the bound session in a
     * {@code finally} after {@code onPostServer}, when the page's flag is set.
     */
    @Test
    public void required_spec7_2_sessionEndOnCloseInvalidatesTheSessionAfterOnPostServer() {
        TckProbe probe = probe();
        for (String where : List.of("server", "pre")) {
            String value = token();
            String id = createSession("name", SessionPageBase.FROM_SERVLET, "value", value);
            String token = token();
            TckClient client = connectWithSession(page(SessionPage.NAME, "t=" + token
                    + (where.equals("pre") ? "&endOnClose=pre" : "")), id);
            assertEquals(id, report(client).get("session"));
            if (where.equals("server")) {
                client.send("endOnClose");
                client.awaitText("endOnClose");
            }
            client.sendClose(1000, "");
            client.awaitClose();
            probe.await(token + ".post", "1");
            assertEquals(value, probe.get(token + ".post.attr"), "onPostServer must still read the session (set in " + where + ")");
            assertEquals("none", probe.get(token + ".post.set"), "onPostServer must still write the session (set in " + where + ")");
            env.await("the session to be invalidated after onPostServer (SessionEndOnClose set in " + where + ")",
                    () -> "none".equals(session(id, "op", "id").body()));
        }
    }

    /**
     * §7.2: without {@code SessionEndOnClose} the session outlives its socket, with what
     * {@code onPostServer} stored in it.
     *
     * <p>If this test fails, check that the session is invalidated only when the page asked for
     * it.
     */
    @Test
    public void required_spec7_2_sessionOutlivesTheSocketByDefault() {
        String id = createSession();
        String token = token();
        TckClient client = connectWithSession(page(SessionPage.NAME, "t=" + token), id);
        report(client);
        client.sendClose(1000, "");
        client.awaitClose();
        TckProbe probe = probe();
        probe.await(token + ".post", "1");
        assertEquals(id, session(id, "op", "id").body(), "the session ended with its socket without SessionEndOnClose");
        assertEquals(token, session(id, "op", "get", "name", SessionPageBase.FROM_POST).body(),
                "what onPostServer stored in the session");
    }

    // ------------------------------------------------------------------ §7.3

    /**
     * §7.3: while a socket is open its HTTP session does not expire: a session with a maximum
     * inactive interval of {@value #SHORT_SESSION_SECONDS} s, not accessed by any request for
     * more than twice that, is still there for a servlet while its (idle) socket is open.
     *
     * <p>If this test fails, check the session keep-alive of the heartbeat (raising
     * {@code maxInactiveInterval} while sockets are open, or {@code HttpSession.Accessor} on
     * Servlet 6.1), and that it runs often enough for short session timeouts.
     */
    @Test
    public void required_spec7_3_sessionDoesNotExpireWhileItsSocketIsOpen() {
        String id = createSession("interval", Integer.toString(SHORT_SESSION_SECONDS));
        TckClient client = connectWithSession(page(SessionPage.NAME, "t=" + token()), id);
        assertEquals(id, report(client).get("session"));
        long idleWanted = (2L * SHORT_SESSION_SECONDS + 1) * 1000;
        String[] last = new String[1];
        // Watch the session without accessing it (an access would keep it alive by itself).
        env.await("the session to stay unaccessed for " + idleWanted + " ms while its socket is open",
                env.timeout().plusMillis(idleWanted), () -> {
                    last[0] = session(null, "op", "peek", "id", id).body();
                    if (last[0].equals("none")) {
                        throw new AssertionError("the session of an open socket ended after " + SHORT_SESSION_SECONDS
                                + " s without requests");
                    }
                    return Long.parseLong(Reports.keyValues(last[0]).get("idleMs")) >= idleWanted;
                });
        assertEquals(id, session(id, "op", "id").body(), () -> "the session of an open socket expired; it was "
                + last[0].replace('\n', ' ') + " (maxInactiveInterval " + SHORT_SESSION_SECONDS + " s before the socket)");
        client.send("sid");
        client.awaitText("sid=" + id);
        closeNormally(client);
    }

    /**
     * §7.3: keeping a session alive never changes it for good. While its socket is open the
     * library raises the session's timeout; once the last socket has closed and a request has
     * used the session again, the session's own timeout is back, and it is the one the
     * application set last, also when the application changed it while the socket was open.
     *
     * <p>If this test fails, check that the keep-alive remembers the session's own interval,
     * notices when the application sets another one, and puts it back after the last socket of
     * the session has closed.
     */
    @Test
    public void required_spec7_3_theSessionsOwnTimeoutIsBackAfterItsLastSocketClosed() {
        String id = createSession("interval", "30");
        TckClient client = connectWithSession(page(SessionPage.NAME, "t=" + token()), id);
        assertEquals(id, report(client).get("session"));
        env.await("the open socket's session to be kept alive above its own 30 s", () -> maxInactiveInterval(id) > 30);
        assertEquals(id, session(id, "op", "create", "interval", "40").body(), "the application sets its own timeout");
        env.await("the session to be kept alive above the application's new 40 s", () -> maxInactiveInterval(id) > 40);
        closeNormally(client);
        assertEquals(id, session(id, "op", "id").body(), "a request uses the session after its socket closed");
        env.await("the session's own timeout (40 s, set by the application) to be back after its last socket closed",
                () -> maxInactiveInterval(id) == 40);
        env.assertStays("the session's own timeout to stay", () -> maxInactiveInterval(id) == 40);
    }

    private int maxInactiveInterval(String sessionId) {
        String peek = session(null, "op", "peek", "id", sessionId).body();
        if (peek.equals("none")) {
            throw new AssertionError("session " + sessionId + " ended");
        }
        return Integer.parseInt(Reports.keyValues(peek).get("max"));
    }

    /**
     * §7.3: invalidating the session elsewhere (a logout servlet) closes every socket bound to
     * it with 1008 and runs each {@code onPostServer} once; a socket of another session stays
     * open.
     *
     * <p>If this test fails, check the adapter's {@code HttpSessionListener}: on
     * {@code sessionDestroyed} it must close the sockets of that session with
     * {@code POLICY_VIOLATION}; containers do it themselves only for authenticated handshakes.
     */
    @Test
    public void required_spec7_3_invalidatingTheSessionClosesItsSocketsWith1008() {
        String loggedOut = createSession();
        String other = createSession();
        String first = token();
        String second = token();
        TckClient a = connectWithSession(page(SessionPage.NAME, "t=" + first), loggedOut);
        TckClient b = connectWithSession(page(SessionPage.NAME, "t=" + second), loggedOut);
        TckClient bystander = connectWithSession(page(SessionPage.NAME, "t=" + token()), other);
        report(a);
        report(b);
        report(bystander);
        assertEquals("invalidated", session(loggedOut, "op", "invalidate").body());
        assertEquals(1008, a.awaitClose().code(), "first socket of the invalidated session");
        assertEquals(1008, b.awaitClose().code(), "second socket of the invalidated session");
        TckProbe probe = probe();
        for (String token : List.of(first, second)) {
            probe.await(token + ".post", "1");
            assertEquals("1008", probe.get(token + ".closeCode"), "getCloseCode() in onPostServer");
            assertEquals("7951", probe.get(token + ".read"), "the blocked read must return 7951");
        }
        bystander.send("still open");
        bystander.awaitText("still open");
        env.assertStays("onPostServer to have run exactly once per socket",
                () -> "1".equals(probe.get(first + ".post")) && "1".equals(probe.get(second + ".post")));
        closeNormally(bystander);
    }

    /**
     * §7.3: when the container changes the session id (a login servlet calling
     * {@code request.changeSessionId()}), {@code getSessionId()} returns the new id, and the
     * socket stays bound: invalidating the session under its new id closes it with 1008.
     *
     * <p>If this test fails, check that {@code getSessionId()} asks the live session (not a copy
     * taken at the handshake) and that an {@code HttpSessionIdListener} moves the socket to the
     * new id in the adapter's session index.
     */
    @Test
    public void required_spec7_3_sessionIdChangeIsFollowed() {
        String oldId = createSession();
        String token = token();
        TckClient client = connectWithSession(page(SessionPage.NAME, "t=" + token), oldId);
        assertEquals(oldId, report(client).get("session"));
        String newId = session(oldId, "op", "changeId").body();
        assertNotEquals(oldId, newId, "the servlet did not change the session id");
        assertEquals("none", session(oldId, "op", "id").body());
        client.send("sid");
        client.awaitText("sid=" + newId);
        assertEquals("invalidated", session(newId, "op", "invalidate").body());
        assertEquals(1008, client.awaitClose().code(), "invalidating the session under its new id must close the socket");
        TckProbe probe = probe();
        probe.await(token + ".post", "1");
        assertEquals(newId, probe.get(token + ".post.session"), "getSessionId() in onPostServer");
        env.assertStays("onPostServer to have run exactly once", () -> "1".equals(probe.get(token + ".post")));
    }

    /**
     * §7.3, §7.2: with {@code useSession = false} the socket is not bound to the request's
     * session: invalidating it does not close the socket, and {@code SessionEndOnClose} does not
     * invalidate it.
     *
     * <p>If this test fails, check that only connections bound with {@code useSession = true}
     * are indexed by session and that a transient session's invalidation touches no HTTP
     * session.
     */
    @Test
    public void required_spec7_3_useSessionFalseIsNotBoundToTheSession() {
        String loggedOut = createSession();
        TckClient client = connectWithSession(page(SessionOffPage.NAME, "t=" + token()), loggedOut);
        assertEquals(loggedOut, report(client).get("session"));
        assertEquals("invalidated", session(loggedOut, "op", "invalidate").body());
        client.send("still open");
        client.awaitText("still open");
        closeNormally(client);

        String kept = createSession();
        String token = token();
        TckClient ending = connectWithSession(page(SessionOffPage.NAME, "t=" + token + "&endOnClose=pre"), kept);
        report(ending);
        ending.sendClose(1000, "");
        ending.awaitClose();
        probe().await(token + ".post", "1");
        assertEquals(kept, session(kept, "op", "id").body(),
                "SessionEndOnClose of a page with useSession = false invalidated the request's HTTP session");
    }

    // ------------------------------------------------------------------ §7.4

    /**
     * §7.4: {@code getSessionAttribute} / {@code setSessionAttribute} read and write the HTTP
     * session from {@code onPreServer}, {@code server()} and {@code onPostServer}: servlets
     * see what the page set, and the page sees what a servlet set, also after the handshake.
     *
     * <p>If this test fails, check that the page's session calls go to the bound
     * {@code HttpSession} (not a copy taken at the handshake).
     */
    @Test
    public void required_spec7_4_sessionAttributesAreSharedWithServlets() {
        String fromServlet = token();
        String id = createSession("name", SessionPageBase.FROM_SERVLET, "value", fromServlet);
        String token = token();
        TckClient client = connectWithSession(page(SessionPage.NAME, "t=" + token), id);
        Map<String, String> report = report(client);
        assertEquals(fromServlet, report.get("pre.attr"), "onPreServer reading the servlet's attribute");
        assertEquals("none", report.get("pre.set"), "onPreServer writing the session");
        assertEquals(token, session(id, "op", "get", "name", SessionPageBase.FROM_PRE).body(),
                "the servlet reading what onPreServer set");

        String fromServer = token();
        client.send("set tck.fromServer " + fromServer);
        client.awaitText("set tck.fromServer");
        assertEquals(fromServer, session(id, "op", "get", "name", "tck.fromServer").body(),
                "the servlet reading what server() set");

        String later = token();
        assertEquals("ok", session(id, "op", "set", "name", "tck.later", "value", later).body());
        client.send("get tck.later");
        client.awaitText("tck.later=" + later);

        client.sendClose(1000, "");
        client.awaitClose();
        TckProbe probe = probe();
        probe.await(token + ".post", "1");
        assertEquals(fromServlet, probe.get(token + ".post.attr"), "onPostServer reading the servlet's attribute");
        assertEquals(token, session(id, "op", "get", "name", SessionPageBase.FROM_POST).body(),
                "the servlet reading what onPostServer set");
    }

    /**
     * §7.1, §7.4 in shared mode: called from {@code onClientMessage} (a library thread, long
     * after the handshake), {@code getSessionId()} and the session attributes are those of the
     * handshake's HTTP session: the page reads what a servlet stored before and while the socket
     * is open, and a servlet reads what {@code onClientMessage} stored. Without
     * {@code SessionEndOnClose} the session outlives the socket, with what {@code onPostServer}
     * stored in it.
     *
     * <p>If this test fails, check that a shared page's channel is bound to the HTTP session as a
     * synchronous page's is, and that its session calls need neither the handshake's request nor
     * the calling thread.
     */
    @Test
    public void required_spec7_4_sharedModeSessionCallsUseTheHttpSession() {
        String fromServlet = token();
        String id = createSession("name", SessionPageBase.FROM_SERVLET, "value", fromServlet);
        String token = token();
        TckClient client = connectWithSession(page(SessionCallbacksPage.NAME, "t=" + token + "&shared=1"), id);
        client.awaitText("session=" + id);
        client.send("sid");
        client.awaitText("sid=" + id);
        client.send("get " + SessionPageBase.FROM_SERVLET);
        client.awaitText(SessionPageBase.FROM_SERVLET + "=" + fromServlet);
        String fromMessage = token();
        client.send("set tck.fromMessage " + fromMessage);
        client.awaitText("set tck.fromMessage");
        assertEquals(fromMessage, session(id, "op", "get", "name", "tck.fromMessage").body(),
                "the servlet reading what onClientMessage set");
        String later = token();
        assertEquals("ok", session(id, "op", "set", "name", "tck.later", "value", later).body());
        client.send("get tck.later");
        client.awaitText("tck.later=" + later);

        client.sendClose(1000, "");
        assertEquals(1000, client.awaitClose().code());
        TckProbe probe = probe();
        probe.await(token + ".post", "1");
        assertEquals(fromServlet, probe.get(token + ".post.attr"), "onPostServer reading the servlet's attribute");
        assertEquals("none", probe.get(token + ".post.set"), "onPostServer writing the session");
        env.assertStays("the session to outlive its shared socket without SessionEndOnClose",
                () -> id.equals(session(id, "op", "id").body()));
        assertEquals(token, session(id, "op", "get", "name", SessionPageBase.FROM_POST).body(),
                "the servlet reading what onPostServer set");
    }

    /**
     * §7.2 in shared mode: {@code setSessionEndOnClose(true)} called in {@code onClientMessage}
     * leaves the session alone while the socket is open, and invalidates it when the socket
     * closes, after {@code onPostServer} (which still reads and writes it), whether the client
     * closed or the page called {@code endServer()}.
     *
     * <p>If this test fails, check that the shared mode's close path (after
     * {@code onClientMessage("", 1)} and {@code onPostServer}) invalidates the bound session
     * when the page's flag is set, reading the flag after {@code onPostServer}, not at the
     * handshake or when {@code server()} returned.
     */
    @Test
    public void required_spec7_2_sessionEndOnCloseSetInOnClientMessageInvalidatesTheSession() {
        TckProbe probe = probe();
        for (String closer : List.of("client", "endServer")) {
            String value = token();
            String id = createSession("name", SessionPageBase.FROM_SERVLET, "value", value);
            String token = token();
            TckClient client = connectWithSession(page(SessionCallbacksPage.NAME, "t=" + token + "&shared=1"), id);
            client.awaitText("session=" + id);
            client.send("endOnClose");
            client.awaitText("endOnClose");
            assertEquals(id, session(id, "op", "id").body(), "SessionEndOnClose ended the session while its socket was open");
            if (closer.equals("client")) {
                client.sendClose(1000, "");
            } else {
                client.send("end");
            }
            assertEquals(1000, client.awaitClose().code(), "close by " + closer);
            probe.await(token + ".post", "1");
            assertEquals(value, probe.get(token + ".post.attr"), "onPostServer must still read the session (closed by " + closer + ")");
            assertEquals("none", probe.get(token + ".post.set"), "onPostServer must still write the session (closed by " + closer + ")");
            env.await("the session to be invalidated after onPostServer (SessionEndOnClose set in onClientMessage,"
                    + " closed by " + closer + ")", () -> "none".equals(session(id, "op", "id").body()));
        }
    }

    /**
     * §7.2: {@code setSessionEndOnClose(true)} is "allowed in any callback", {@code onPostServer}
     * included: set there, in synchronous and in shared mode, it still invalidates the HTTP
     * session, after {@code onPostServer} returned.
     *
     * <p>If this test fails, check that the flag is read after {@code onPostServer} has run (in
     * the {@code finally} that follows it), not before it is called.
     */
    @Test
    public void required_spec7_2_sessionEndOnCloseSetInOnPostServerInvalidatesTheSession() {
        TckProbe probe = probe();
        for (String mode : List.of("synchronous", "shared")) {
            String value = token();
            String id = createSession("name", SessionPageBase.FROM_SERVLET, "value", value);
            String token = token();
            TckClient client = connectWithSession(page(SessionCallbacksPage.NAME, "t=" + token + "&endOnClose=post"
                    + (mode.equals("shared") ? "&shared=1" : "")), id);
            client.awaitText("session=" + id);
            client.send("sid");
            client.awaitText("sid=" + id);
            client.sendClose(1000, "");
            assertEquals(1000, client.awaitClose().code());
            probe.await(token + ".post", "1");
            assertEquals("true", probe.get(token + ".post.endOnClose"), "isSessionEndOnClose() after setting it in onPostServer");
            assertEquals(value, probe.get(token + ".post.attr"), "onPostServer must read the session (" + mode + " mode)");
            env.await("the session to be invalidated after onPostServer (SessionEndOnClose set in onPostServer, "
                    + mode + " mode)", () -> "none".equals(session(id, "op", "id").body()));
        }
    }

    // ------------------------------------------------------------------ request and close facts

    /**
     * §2.1: {@code getRemoteAddress()} is the address the client connected from (here, with no
     * proxy, the loopback address the test uses).
     *
     * <p>If this test fails, check that the remote address is copied from the handshake
     * request ({@code getRemoteAddr()}) before the container recycles it.
     */
    @Test
    public void required_spec2_1_remoteAddressIsTheClientAddress() {
        RawWebSocket raw = raw(page(SessionPage.NAME, "t=" + token()), Map.of());
        Map<String, String> report = Reports.keyValues(raw.awaitText());
        assertEquals(raw.localAddress(), report.get("remote"), "getRemoteAddress()");
        if (env.host().equals("127.0.0.1")) {
            assertEquals("127.0.0.1", report.get("remote"));
        }
        closeNormally(raw);
    }

    /**
     * §2.5, §5: {@code onPostServer} sees how the socket closed: the client's code and reason
     * (4000, {@code "bye"}), or 1000 with an empty reason after {@code endServer}.
     *
     * <p>If this test fails, check that the close code and reason are recorded by whoever closes
     * first (the container's {@code onClose} for the client, {@code endServer} for the page)
     * before {@code onPostServer} runs.
     */
    @Test
    public void required_spec2_5_onPostServerSeesTheCloseCodeAndReason() {
        TckProbe probe = probe();
        String clientClosed = token();
        TckClient client = connect(page(SessionPage.NAME, "t=" + clientClosed));
        report(client);
        client.sendClose(4000, "bye");
        client.awaitClose();
        probe.await(clientClosed + ".post", "1");
        assertEquals("4000", probe.get(clientClosed + ".closeCode"), "getCloseCode() after the client closed with 4000");
        assertEquals("bye", probe.get(clientClosed + ".closeReason"), "getCloseReason() after the client closed with \"bye\"");

        String ended = token();
        TckClient endServer = connect(page(SessionPage.NAME, "t=" + ended));
        report(endServer);
        endServer.send("end");
        TckClient.Close close = endServer.awaitClose();
        assertEquals(1000, close.code());
        probe.await(ended + ".post", "1");
        assertEquals("1000", probe.get(ended + ".closeCode"), "getCloseCode() after endServer");
        assertEquals("", probe.get(ended + ".closeReason"), "getCloseReason() after endServer");
    }

    // ------------------------------------------------------------------ helpers

    /** @return a client of {@link SessionServlet} in this deployment */
    private SessionServletClient sessions() {
        return new SessionServletClient(env, contextRoot());
    }

    /**
     * Calls {@link SessionServlet} with a session cookie.
     *
     * @param sessionId the {@code JSESSIONID} to send, or {@code null} for none
     * @param params name, value, name, value…
     * @return the answer (HTTP 200 required)
     */
    protected SessionServletClient.Answer session(String sessionId, String... params) {
        return sessions().call(sessionId, params);
    }

    /**
     * Creates an HTTP session through {@link SessionServlet} (as a login page would).
     *
     * @param params extra parameters of {@code op=create} ({@code interval}, {@code name}, {@code value})
     * @return the new session's id
     */
    protected String createSession(String... params) {
        return sessions().create(params);
    }

    private TckClient connectWithSession(URI uri, String sessionId) {
        return track(TckClient.to(env, uri).header("Cookie", COOKIE + "=" + sessionId).connect());
    }

    private RawWebSocket raw(URI uri, Map<String, String> headers) {
        RawWebSocket raw = RawWebSocket.handshake(env, uri, headers);
        raws.add(raw);
        assertTrue(raw.upgraded(), () -> "handshake to " + uri + " answered HTTP " + raw.response().status());
        return raw;
    }

    private static Map<String, String> report(TckClient client) {
        Map<String, String> report = Reports.keyValues(client.awaitText());
        assertFalse(report.isEmpty(), "expected the page's report");
        return report;
    }

    private static void closeNormally(TckClient client) {
        client.sendClose(1000, "");
        assertEquals(1000, client.awaitClose().code());
    }

    private static void closeNormally(RawWebSocket raw) {
        raw.sendClose(1000, "");
        assertEquals(1000, raw.awaitClose().closeCode());
    }
}
