package io.cspwebsocket.tck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cspwebsocket.tck.pages.OriginAnyPage;
import io.cspwebsocket.tck.pages.OriginListedPage;
import io.cspwebsocket.tck.pages.OriginPage;
import io.cspwebsocket.tck.support.TckProbe;
import io.cspwebsocket.tck.support.VerificationBase;
import java.net.URI;
import java.util.List;
import java.util.Map;
import org.jboss.arquillian.container.test.api.Deployer;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;

/**
 * SPEC §8.2, the Origin check: a handshake whose {@code Origin} is neither absent nor
 * same-origin nor allowed (application list {@code io.cspwebsocket.allowedOrigins}, page list
 * {@code @CspClass(allowedOrigins)}, {@code *}) is refused with 403 before any page is created.
 *
 * <p>The concrete class declares the deployment with an application allow-list and an
 * unmanaged one that allows every origin:
 * <pre>{@code
 * @Deployment(testable = false)
 * static WebArchive war() { return OriginVerification.originWar(); }
 *
 * @Deployment(name = OriginVerification.ALLOW_ALL, managed = false, testable = false)
 * static WebArchive allowAll() { return OriginVerification.allowAllWar(); }
 * }</pre>
 *
 * <p>Not covered: default ports (the test server never listens on 80 or 443), HTTPS, and
 * trusted {@code X-Forwarded-*} headers.
 */
public abstract class OriginVerification extends VerificationBase {

    /** Name (and context path) of {@link #originWar()}. */
    public static final String WAR_NAME = "csp-tck-origin";
    /** Name (and context path) of {@link #allowAllWar()}, deployed by the test itself. */
    public static final String ALLOW_ALL = "csp-tck-origin-any";
    /** A cross-site origin on the application's allow-list. */
    public static final String APP_LISTED = "http://app-one.example";
    /** Another one, with an explicit port. */
    public static final String APP_LISTED_WITH_PORT = "https://app-two.example:8443";
    /** Context parameters of {@link #originWar()}: a list of two, separated by a comma and a space. */
    public static final Map<String, String> CONTEXT_PARAMS = Map.of(
            "io.cspwebsocket.allowedOrigins", APP_LISTED + ", " + APP_LISTED_WITH_PORT);
    /** Context parameters of {@link #allowAllWar()}. */
    public static final Map<String, String> ALLOW_ALL_PARAMS = Map.of("io.cspwebsocket.allowedOrigins", "*");

    private static final String CROSS_SITE = "http://evil.example";

    /** Arquillian's deployer, for the unmanaged deployment. */
    @ArquillianResource
    protected Deployer deployer;

    /** For the concrete run. */
    protected OriginVerification() {
    }

    /** @return the deployment of this verification: the standard WAR with {@link #CONTEXT_PARAMS} */
    public static WebArchive originWar() {
        return TckDeployments.war(WAR_NAME, CONTEXT_PARAMS);
    }

    /** @return the WAR deployed by {@link #required_spec8_2_starAllowsEveryOrigin()}, allowing {@code *} */
    public static WebArchive allowAllWar() {
        return TckDeployments.war(ALLOW_ALL, ALLOW_ALL_PARAMS);
    }

    private String sameOrigin() {
        return "http://" + contextRoot().getHost() + ":" + contextRoot().getPort();
    }

    /**
     * §8.2: a cross-site {@code Origin} is refused with 403 before the upgrade, and no page is
     * created ({@code onPreServer} does not run); a same-origin handshake to the same page is
     * accepted and creates one.
     *
     * <p>If this test fails, check that the Origin is checked in the handshake filter, before
     * the page is instantiated, and answered with {@code sendError(403)}.
     */
    @Test
    public void required_spec8_2_crossSiteOriginIsRefusedWith403AndCreatesNoPage() {
        int port = contextRoot().getPort();
        for (String origin : List.of(CROSS_SITE, "https://evil.example", "http://evil.example:" + port)) {
            assertRefusedWithoutPage(origin);
        }
        assertAcceptedCreatingOnePage(sameOrigin());
    }

    /**
     * §8.2: {@code Origin: null} (sandboxed frames, {@code file:} pages, redirects) is
     * cross-site: 403, no page.
     *
     * <p>If this test fails, check that an Origin that is not {@code scheme://host[:port]} is
     * treated as foreign, never as absent.
     */
    @Test
    public void required_spec8_2_nullOriginIsRefused() {
        assertRefusedWithoutPage("null");
        assertRefusedWithoutPage("not an origin");
    }

    /**
     * §8.2: an {@code Origin} equal to the request's scheme, {@code Host} and port is accepted.
     *
     * <p>If this test fails, check the same-origin comparison against the request's scheme and
     * {@code Host} header.
     */
    @Test
    public void required_spec8_2_sameOriginIsAccepted() {
        assertAcceptedCreatingOnePage(sameOrigin());
        assertAccepted(page(OriginListedPage.NAME, null), sameOrigin());
    }

    /**
     * §8.2: a handshake without {@code Origin} (a non-browser client) is accepted.
     *
     * <p>If this test fails, check that a missing header is allowed.
     */
    @Test
    public void required_spec8_2_handshakeWithoutOriginIsAccepted() {
        TckClient client = connect(page(OriginPage.NAME, null));
        client.awaitText("origin=null");
        assertEquals(1000, client.awaitClose().code());
    }

    /**
     * §8.2: same-origin means same scheme, host and port, compared without DNS:
     * {@code http://localhost:<port>} is cross-site for a request to {@code 127.0.0.1}, and so
     * are another port, the default port 80 and {@code https}.
     *
     * <p>If this test fails, check that hosts are compared as text (case-insensitively), that
     * the port is part of the comparison, and that an absent port means the scheme's default.
     */
    @Test
    public void required_spec8_2_otherHostPortOrSchemeIsCrossSite() {
        URI root = contextRoot();
        int port = root.getPort();
        assertEquals("127.0.0.1", root.getHost(), "this test needs the client to connect to 127.0.0.1");
        for (String origin : List.of("http://localhost:" + port, "http://127.0.0.1:" + (port == 65535 ? port - 1 : port + 1),
                "http://127.0.0.1", "https://127.0.0.1:" + port, "http://127.0.0.2:" + port)) {
            assertRefusedWithoutPage(origin);
        }
    }

    /**
     * §8.2: {@code X-Forwarded-Host} and {@code X-Forwarded-Proto} are ignored unless the
     * application trusts them (it does not here): a client cannot make its foreign Origin look
     * same-origin by sending them.
     *
     * <p>If this test fails, check that forwarded headers count only with
     * {@code io.cspwebsocket.trustForwardedHeaders=true}.
     */
    @Test
    public void required_spec8_2_forwardedHeadersAreIgnoredUnlessTrusted() {
        int before = instances(probe(), OriginPage.INSTANCES);
        int status = TckClient.to(env, page(OriginPage.NAME, null))
                .header("Origin", CROSS_SITE)
                .header("X-Forwarded-Host", "evil.example")
                .header("X-Forwarded-Proto", "http")
                .refusedStatus();
        assertEquals(403, status, "a foreign Origin with matching X-Forwarded-* headers the application does not trust");
        assertNoNewPage(probe(), OriginPage.INSTANCES, before);
    }

    /**
     * §8.2: origins on the application's list ({@code io.cspwebsocket.allowedOrigins}, here two,
     * separated by {@code ", "}) may open every page; near misses (another port, a longer host)
     * may not.
     *
     * <p>If this test fails, check that the context parameter is read and split on commas and
     * spaces, and that listed origins are compared with scheme, host and port.
     */
    @Test
    public void required_spec8_2_applicationAllowListAcceptsListedOrigins() {
        assertEquals(CONTEXT_PARAMS.get("io.cspwebsocket.allowedOrigins"), probe().initParam("io.cspwebsocket.allowedOrigins"),
                "this verification needs the deployment OriginVerification.originWar()");
        for (String origin : List.of(APP_LISTED, APP_LISTED_WITH_PORT)) {
            assertAccepted(page(OriginPage.NAME, null), origin);
            assertAccepted(page(OriginListedPage.NAME, null), origin);
        }
        for (String origin : List.of("https://app-two.example", "http://app-one.example:8080",
                "http://app-one.example.evil.example", "https://app-one.example")) {
            assertRefusedWithoutPage(origin);
        }
    }

    /**
     * §8.2: an origin listed in {@code @CspClass(allowedOrigins)} may open that page only.
     *
     * <p>If this test fails, check that each page's policy is the application's list plus the
     * page's own, and that one page's list does not leak into another's.
     */
    @Test
    public void required_spec8_2_pageAllowListAppliesToThatPageOnly() {
        assertAccepted(page(OriginListedPage.NAME, null), OriginListedPage.LISTED);
        assertRefusedWithoutPage(OriginListedPage.LISTED);
        TckProbe probe = probe();
        int before = instances(probe, OriginListedPage.INSTANCES);
        assertEquals(403, TckClient.to(env, page(OriginListedPage.NAME, null)).header("Origin", CROSS_SITE).refusedStatus());
        assertNoNewPage(probe, OriginListedPage.INSTANCES, before);
    }

    /**
     * §8.2: {@code "*"} allows every origin: on a page ({@code @CspClass(allowedOrigins = "*")})
     * and for a whole application ({@code io.cspwebsocket.allowedOrigins=*}).
     *
     * <p>If this test fails, check the wildcard in both lists.
     */
    @Test
    public void required_spec8_2_starAllowsEveryOrigin() {
        int port = contextRoot().getPort();
        for (String origin : List.of(CROSS_SITE, "http://localhost:" + port)) {
            assertAccepted(page(OriginAnyPage.NAME, null), origin);
        }
        assertTrue(deployer != null, "Arquillian injected no Deployer");
        deployer.deploy(ALLOW_ALL);
        try {
            URI root = deploymentRoot(ALLOW_ALL);
            assertAccepted(page(root, "/csp/user", OriginPage.NAME, null), CROSS_SITE);
            assertAccepted(page(root, "/csp/user", OriginListedPage.NAME, null), "https://elsewhere.example:9443");
        } finally {
            deployer.undeploy(ALLOW_ALL);
        }
    }

    // ------------------------------------------------------------------ helpers

    private void assertAccepted(URI uri, String origin) {
        TckClient client = track(TckClient.to(env, uri).header("Origin", origin).connect());
        client.awaitText("origin=" + origin);
        assertEquals(1000, client.awaitClose().code());
    }

    private void assertAcceptedCreatingOnePage(String origin) {
        TckProbe probe = probe();
        String token = token();
        int before = instances(probe, OriginPage.INSTANCES);
        assertAccepted(page(OriginPage.NAME, "t=" + token), origin);
        assertEquals("1", probe.get(token + ".pre"), "onPreServer of the accepted connection");
        assertEquals(before + 1, instances(probe, OriginPage.INSTANCES), "an accepted connection creates exactly one page");
    }

    /** A handshake to {@link OriginPage} with this Origin is refused with 403 and creates no page. */
    private void assertRefusedWithoutPage(String origin) {
        TckProbe probe = probe();
        String token = token();
        int before = instances(probe, OriginPage.INSTANCES);
        assertEquals(403, TckClient.to(env, page(OriginPage.NAME, "t=" + token)).header("Origin", origin).refusedStatus(),
                () -> "HTTP status of a handshake with Origin: " + origin);
        assertNoNewPage(probe, OriginPage.INSTANCES, before);
        assertNull(probe.get(token + ".pre"), () -> "onPreServer ran for the refused Origin " + origin);
    }

    private void assertNoNewPage(TckProbe probe, String counter, int before) {
        env.assertStays("no page to be created for a refused handshake (" + counter + ")",
                () -> instances(probe, counter) == before);
    }

    private static int instances(TckProbe probe, String counter) {
        String count = probe.get(counter);
        return count == null ? 0 : Integer.parseInt(count);
    }
}
