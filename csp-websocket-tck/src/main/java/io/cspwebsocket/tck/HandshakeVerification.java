package io.cspwebsocket.tck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cspwebsocket.tck.pages.GatePage;
import io.cspwebsocket.tck.pages.OriginPage;
import io.cspwebsocket.tck.pages.PrincipalPage;
import io.cspwebsocket.tck.pages.RefusePage;
import io.cspwebsocket.tck.pages.TckAuthFilter;
import io.cspwebsocket.tck.support.RawHttp;
import io.cspwebsocket.tck.support.TckProbe;
import io.cspwebsocket.tck.support.VerificationBase;
import java.io.IOException;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * SPEC §8.3, handshakes fail closed: every request the container would upgrade to a page gets
 * the checks of the page's canonical URL (Origin, session binding, {@code onPreServer}) or is
 * refused; an invalid upgrade request is refused before any page code runs and without a
 * session; the application's filters run before page code.
 *
 * <p>The concrete class declares the standard deployment:
 * <pre>{@code
 * @Deployment(testable = false)
 * static WebArchive war() { return TckDeployments.war(); }
 * }</pre>
 * Its WAR holds {@link TckAuthFilter}, an authentication filter mapped to every URL.
 *
 * <p>Not covered: container authentication ({@code <login-config>}), which needs a realm set up
 * in each container.
 */
public abstract class HandshakeVerification extends VerificationBase {

    private static final String CROSS_SITE = "http://evil.example";

    /** For the concrete run. */
    protected HandshakeVerification() {
    }

    /**
     * Spellings of the URL of {@link OriginPage} that a container may map to it, and the path
     * the library registers its endpoint at: each relative to the context root, without query.
     */
    private static List<String> spellings() {
        return List.of(
                "csp/user/TCK.Origin.cls",
                "csp/user/TCK.Origin.cls;x=1",
                "csp/user;a=b/TCK.Origin.cls",
                "csp/user/TCK%2EOrigin.cls",
                "csp/user/TCK.Origin%2ecls",
                "csp//user/TCK.Origin.cls",
                "csp/user/./TCK.Origin.cls",
                "csp/user/x/../TCK.Origin.cls",
                "csp-websocket.internal/csp/user/TCK.Origin.cls");
    }

    /**
     * §8.3: no spelling of a page's URL (path parameters, percent-encoded dots, {@code //},
     * {@code ./}, {@code ../}) and no other path leads to the page without the Origin check: a
     * cross-site handshake is never upgraded and creates no page.
     *
     * <p>If this test fails, check that the page is resolved exactly as the container maps the
     * upgrade (a servlet at the page's path), and that the endpoint's configurator refuses every
     * handshake the library did not prepare.
     */
    @Test
    public void required_spec8_3_noSpellingOfAPageUrlSkipsTheOriginCheck() {
        TckProbe probe = probe();
        int before = instances(probe, OriginPage.INSTANCES);
        for (String spelling : spellings()) {
            String token = token();
            RawHttp.Answer answer = send(spelling + "?t=" + token, lines -> withHeader(lines, "Origin: " + CROSS_SITE));
            assertNotEquals(101, answer.status(), () -> "cross-site handshake to " + spelling + " was upgraded");
            assertNull(probe.get(token + ".pre"), () -> "onPreServer ran for a cross-site handshake to " + spelling);
        }
        env.assertStays("no page to be created by a cross-site handshake, however spelled",
                () -> instances(probe, OriginPage.INSTANCES) == before);
    }

    /**
     * §8.3: a spelling that is upgraded ran the page's checks for that very request (its
     * {@code onPreServer} saw the request's token); one that is not upgraded ran no page code.
     * The canonical URL is upgraded.
     *
     * <p>If this test fails, check that the container never upgrades to a page's endpoint
     * except through the library's handshake path.
     */
    @Test
    public void required_spec8_3_everyUpgradeOfAPageRanItsChecks() {
        TckProbe probe = probe();
        int before = instances(probe, OriginPage.INSTANCES);
        int upgraded = 0;
        List<String> results = new ArrayList<>();
        for (String spelling : spellings()) {
            String token = token();
            RawHttp.Answer answer = send(spelling + "?t=" + token, UnaryOperator.identity());
            results.add(spelling + " -> " + answer.status());
            if (answer.status() == 101) {
                upgraded++;
                assertEquals("1", probe.await(token + ".pre"), () -> "onPreServer of the upgrade of " + spelling);
            } else {
                assertNull(probe.get(token + ".pre"), () -> "onPreServer ran for " + spelling + ", refused with "
                        + answer.status());
            }
        }
        assertTrue(results.get(0).endsWith("-> 101"), () -> "the canonical URL must be upgraded: " + results);
        assertFalse(results.get(results.size() - 1).endsWith("-> 101"),
                () -> "the library's internal endpoint path must not be a way in: " + results);
        int expected = before + upgraded;
        env.assertStays("one page per upgrade and none for a refusal " + results,
                () -> instances(probe, OriginPage.INSTANCES) == expected);
    }

    /**
     * §8.3: a page is upgraded only for a request the container mapped to its URL itself, never
     * through an application's forward or include: such a dispatch skips the filters mapped at
     * the page's URL (which run for requests only), so it is refused and runs no page code.
     *
     * <p>If this test fails, check that the library's handshake accepts only
     * {@code DispatcherType.REQUEST}.
     */
    @Test
    public void required_spec8_3_aForwardOrIncludeToAPageIsNoWayIn() {
        TckProbe probe = probe();
        int before = instances(probe, OriginPage.INSTANCES);
        for (String how : List.of("forward", "include")) {
            String token = token();
            String to = "/csp/user/" + OriginPage.NAME + ".cls?t=" + token;
            RawHttp.Answer answer = send("tck/forward?how=" + how + "&to="
                    + java.net.URLEncoder.encode(to, StandardCharsets.UTF_8), UnaryOperator.identity());
            assertNotEquals(101, answer.status(), () -> "a handshake dispatched by " + how + " was upgraded");
            assertNull(probe.get(token + ".pre"), () -> "onPreServer ran for a handshake dispatched by " + how);
        }
        env.assertStays("no page to be created by a dispatched handshake",
                () -> instances(probe, OriginPage.INSTANCES) == before);
    }

    /**
     * §8.3: an invalid upgrade request is refused with 400 (426 and {@code Sec-WebSocket-Version:
     * 13} for a wrong version) before any page code runs and without creating an HTTP session.
     *
     * <p>If this test fails, check that the request is validated before the Origin check, the
     * session binding and the page's construction.
     */
    @Test
    public void required_spec8_3_invalidUpgradeIsRefusedBeforeAnyPageOrSession() {
        record Defect(String name, int status, UnaryOperator<List<String>> edit) {
        }
        List<Defect> defects = List.of(
                new Defect("no Sec-WebSocket-Key", 400, lines -> without(lines, "Sec-WebSocket-Key")),
                new Defect("a key of 8 bytes", 400, lines -> withHeader(without(lines, "Sec-WebSocket-Key"),
                        "Sec-WebSocket-Key: AAAAAAAAAAA=")),
                new Defect("two keys", 400, lines -> withHeader(lines, "Sec-WebSocket-Key: " + RawHttp.KEY)),
                new Defect("version 8", 426, lines -> withHeader(without(lines, "Sec-WebSocket-Version"),
                        "Sec-WebSocket-Version: 8")),
                new Defect("no Connection: Upgrade", 400, lines -> withHeader(without(lines, "Connection"),
                        "Connection: keep-alive")),
                new Defect("POST", 400, lines -> {
                    List<String> edited = new ArrayList<>(lines);
                    edited.set(0, edited.get(0).replaceFirst("^GET ", "POST "));
                    return withHeader(edited, "Content-Length: 0");
                }));
        TckProbe probe = probe();
        int before = instances(probe, OriginPage.INSTANCES);
        for (Defect defect : defects) {
            String token = token();
            RawHttp.Answer answer = send("csp/user/TCK.Origin.cls?t=" + token, defect.edit());
            assertEquals(defect.status(), answer.status(), () -> "status of a handshake with " + defect.name());
            if (defect.status() == 426) {
                assertEquals(List.of("13"), answer.header("Sec-WebSocket-Version"), "426 names the version");
            }
            assertFalse(answer.setsCookie(), () -> "a handshake with " + defect.name() + " created a session: "
                    + answer.header("Set-Cookie"));
            assertNull(probe.get(token + ".pre"), () -> "onPreServer ran for a handshake with " + defect.name());
        }
        env.assertStays("no page to be created by an invalid upgrade request",
                () -> instances(probe, OriginPage.INSTANCES) == before);
    }

    /**
     * §8.3: the application's own filters run before page code: {@code onPreServer} and
     * {@code server()} see the principal and roles an authentication filter established.
     *
     * <p>If this test fails, check that the library's handshake runs after the application's
     * filters (a servlet, not a filter placed before them) and reads the user from the request
     * it was given.
     */
    @Test
    public void required_spec8_3_pagesSeeThePrincipalOfTheApplicationsFilter() {
        String token = token();
        TckClient alice = track(TckClient.to(env, page(PrincipalPage.NAME, "t=" + token))
                .header(TckAuthFilter.USER, "alice").header(TckAuthFilter.ROLES, "user,admin").connect());
        alice.awaitText("user=alice admin=true");
        assertEquals(1000, alice.awaitClose().code());
        assertEquals("user=alice admin=true", probe().get(token + ".pre"), "what onPreServer saw");
        TckClient bob = track(TckClient.to(env, page(PrincipalPage.NAME, null))
                .header(TckAuthFilter.USER, "bob").connect());
        bob.awaitText("user=bob admin=false");
        assertEquals(1000, bob.awaitClose().code());
        TckClient nobody = track(TckClient.to(env, page(PrincipalPage.NAME, null)).connect());
        nobody.awaitText("user=null admin=false");
        assertEquals(1000, nobody.awaitClose().code());
    }

    /**
     * §8.3: a handshake that the application's filter refuses (here 401) runs no page code.
     *
     * <p>If this test fails, check that no page is created before the filter chain has reached
     * the library.
     */
    @Test
    public void required_spec8_3_aHandshakeTheFiltersRefuseRunsNoPageCode() {
        TckProbe probe = probe();
        int before = instances(probe, PrincipalPage.INSTANCES);
        int deniedBefore = instances(probe, TckAuthFilter.DENIED);
        String token = token();
        assertEquals(401, TckClient.to(env, page(PrincipalPage.NAME, "t=" + token))
                .header(TckAuthFilter.DENY, "1").refusedStatus());
        assertEquals(deniedBefore + 1, instances(probe, TckAuthFilter.DENIED), "the filter saw the handshake");
        assertNull(probe.get(token + ".pre"), "onPreServer ran for a handshake the filter refused");
        env.assertStays("no page to be created for a handshake the filter refused",
                () -> instances(probe, PrincipalPage.INSTANCES) == before);
    }

    /**
     * §8.3 and §7.1: a handshake that {@code onPreServer} refuses leaves no HTTP session behind:
     * the session it was bound to, if the refused request created it, is ended, and the 403
     * sets no cookie. A session the client already had is kept.
     *
     * <p>If this test fails, check that a refusal after the session binding ends a session that
     * the same request created and withdraws its cookie.
     */
    @Test
    public void required_spec8_3_aRefusedHandshakeLeavesNoSession() {
        TckProbe probe = probe();
        String token = token();
        RawHttp.Answer answer = send("csp/user/" + RefusePage.NAME + ".cls?mode=error&t=" + token, UnaryOperator.identity());
        assertEquals(403, answer.status(), "onPreServer refused");
        assertEquals("1", probe.get(token + ".pre"), "onPreServer ran");
        assertFalse(answer.setsCookie(), () -> "the refusal set a session cookie: " + answer.header("Set-Cookie"));
    }

    /**
     * §8.3: a client that leaves while {@code onPreServer} runs (before the 101) leaves nothing
     * registered: the containers still open such a socket and find it closed, so the page runs to
     * its end ({@code onPostServer}), and its id is not listed by {@code openIds} afterwards.
     *
     * <p>If this test fails, check that a page whose socket never opened is released by the
     * library (after the upgrade failed, or after a grace period), and that ids are listed only
     * once the socket is open.
     */
    @Test
    public void required_spec8_3_aClientThatLeavesBeforeThe101LeavesNothingRegistered() {
        TckProbe probe = probe();
        String token = token();
        URI root = contextRoot();
        String target = root.getPath() + "csp/user/" + GatePage.NAME + ".cls?t=" + token;
        String id;
        try (Socket socket = new Socket(root.getHost(), root.getPort())) {
            StringBuilder request = new StringBuilder();
            RawHttp.handshake(target, root.getHost() + ":" + root.getPort())
                    .forEach(line -> request.append(line).append("\r\n"));
            socket.getOutputStream().write(request.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1));
            socket.getOutputStream().flush();
            id = probe.await(token + ".id"); // onPreServer is running: the client leaves now
        } catch (IOException e) {
            throw new AssertionError("handshake to " + target + " failed: " + e, e);
        }
        probe.signal(token + ".release");
        probe.await(token + ".preLeft");
        // The container still opens the socket (it writes the 101 into the closed connection), finds
        // it dead and closes it: the page runs to its end, and then its id is gone for good.
        assertEquals(id, probe.await(token + ".post"), "onPostServer of the page whose client left");
        env.assertStays("the id of a page whose client left before the 101 to stay unlisted",
                () -> !probe.openIds(GatePage.class.getName()).contains(id));
    }

    // ------------------------------------------------------------------ helpers

    private RawHttp.Answer send(String relativeTarget, UnaryOperator<List<String>> edit) {
        URI root = contextRoot();
        String hostPort = root.getHost() + ":" + root.getPort();
        return RawHttp.send(env, root.getHost(), root.getPort(),
                edit.apply(RawHttp.handshake(root.getPath() + relativeTarget, hostPort)));
    }

    private static List<String> withHeader(List<String> lines, String header) {
        List<String> edited = new ArrayList<>(lines);
        edited.add(header);
        return edited;
    }

    private static List<String> without(List<String> lines, String headerName) {
        List<String> edited = new ArrayList<>(lines);
        edited.removeIf(line -> line.regionMatches(true, 0, headerName + ":", 0, headerName.length() + 1));
        return edited;
    }

    private static int instances(TckProbe probe, String counter) {
        String count = probe.get(counter);
        return count == null ? 0 : Integer.parseInt(count);
    }
}
