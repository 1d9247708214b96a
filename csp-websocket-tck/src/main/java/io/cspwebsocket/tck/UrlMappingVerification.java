package io.cspwebsocket.tck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cspwebsocket.tck.pages.EchoPage;
import io.cspwebsocket.tck.pages.FqcnPage;
import io.cspwebsocket.tck.pages.NotAPage;
import io.cspwebsocket.tck.pages.OtherAppPage;
import io.cspwebsocket.tck.pages.SeedEchoPage;
import io.cspwebsocket.tck.pages.UnannotatedPage;
import io.cspwebsocket.tck.support.VerificationBase;
import org.junit.jupiter.api.Test;

/**
 * SPEC §1, deployment and URLs: a page is served at
 * {@code <context><application>/<CSP class name>.cls}, found without {@code web.xml}, and
 * nothing else is.
 *
 * <p>To run it, extend it in a class annotated {@code @ExtendWith(ArquillianExtension.class)}
 * with {@code @Deployment(testable = false) static WebArchive war() { return
 * TckDeployments.war(); }}. The tests run as clients over real sockets.
 *
 * <p>Not covered here: §1.3 (a broken page fails the deployment) needs a deployment that must
 * fail, which Arquillian's Deployer reports only as a generic error on most containers.
 */
public abstract class UrlMappingVerification extends VerificationBase {

    /** For the concrete run. */
    protected UrlMappingVerification() {
    }

    /**
     * §1.1: {@code @CspClass("TCK.Echo")} in the default application is served at
     * {@code /csp/user/TCK.Echo.cls}.
     *
     * <p>If this test fails, check that the initializer registers every {@code @CspClass}
     * found in {@code WEB-INF/classes} at {@code <application>/<name>.cls}, relative to the
     * context path, and that the WAR needs nothing but the two jars.
     */
    @Test
    public void required_spec1_1_pageServedAtApplicationPathAndClassName() {
        TckClient client = connect(page(EchoPage.NAME, null));
        client.send("ping");
        client.awaitText("ping");
        client.sendClose(1000, "");
        assertEquals(1000, client.awaitClose().code());
    }

    /**
     * §1.1: the {@code application} attribute moves the page to another application, and the
     * page is not also served in the default one.
     *
     * <p>If this test fails, check that the URL is built from {@code application()}, not a
     * fixed {@code /csp/user}.
     */
    @Test
    public void required_spec1_1_applicationAttributeSetsThePath() {
        TckClient client = connect(page(OtherAppPage.APPLICATION, OtherAppPage.NAME, null));
        client.awaitText("other");
        assertEquals(1000, client.awaitClose().code());
        assertEquals(404, refusal(page(OtherAppPage.NAME, null)),
                "a page of /csp/other must not be served under /csp/user");
        assertEquals(404, refusal(page(OtherAppPage.APPLICATION, EchoPage.NAME, null)),
                "a page of /csp/user must not be served under /csp/other");
    }

    /**
     * §1.1: {@code @CspClass} with an empty name serves the page under its Java class name.
     *
     * <p>If this test fails, check that an empty {@code value()} falls back to
     * {@code Class.getName()}.
     */
    @Test
    public void required_spec1_1_emptyNameMeansJavaClassName() {
        TckClient client = connect(page(FqcnPage.class.getName(), null));
        client.awaitText("fqcn");
        assertEquals(1000, client.awaitClose().code());
    }

    /**
     * §1.1: names are case-sensitive; {@code tck.echo.cls} is not {@code TCK.Echo.cls}.
     *
     * <p>If this test fails, check that names are compared exactly, without case folding.
     */
    @Test
    public void required_spec1_1_namesAreCaseSensitive() {
        assertEquals(404, refusal(page("tck.echo", null)));
        assertEquals(404, refusal(page("TCK.ECHO", null)));
        assertEquals(404, refusal(page("/CSP/USER", EchoPage.NAME, null)));
    }

    /**
     * §1.1, §8.1: the SPEC's example page, deployed as written: it echoes, sends the timeout
     * message when the client is silent, selects the subprotocol {@code chat}, and ends the
     * connection with 1000 on {@code "exit"}.
     *
     * <p>If this test fails, check the basic read/write loop, read timeouts (7950), the
     * subprotocol negotiation, and that {@code return endServer()} closes with 1000.
     */
    @Test
    public void required_spec1_1_seedExamplePageWorks() {
        TckClient client = track(TckClient.to(env, page(SeedEchoPage.NAME, "timeoutMs=300"))
                .subprotocols("chat").connect());
        assertEquals("chat", client.subprotocol());
        client.send("hello");
        client.awaitText("hello");
        String timedOut = client.awaitText();
        assertTrue(timedOut.startsWith("Server timed-out at "), () -> "expected the timeout message, got " + timedOut);
        client.send("exit");
        // More timeout messages may have been written before "exit" was read.
        TckClient.Close close = client.awaitCloseSkippingText();
        assertEquals(1000, close.code());
    }

    /**
     * §8.1: a page that declares no subprotocols echoes the first one the client offers (as
     * the IRIS gateway does); a page that declares some selects none when the client offers
     * none of them.
     *
     * <p>If this test fails, check the configurator's {@code getNegotiatedSubprotocol}: echo the
     * first requested protocol when the page declares none.
     */
    @Test
    public void required_spec8_1_subprotocolNegotiation() {
        TckClient undeclared = track(TckClient.to(env, page(EchoPage.NAME, null)).subprotocols("chat", "superchat").connect());
        assertEquals("chat", undeclared.subprotocol(), "first offered protocol echoed by a page that declares none");
        undeclared.sendClose(1000, "");
        assertEquals(1000, undeclared.awaitClose().code());
        TckClient preferred = track(TckClient.to(env, page(SeedEchoPage.NAME, null)).subprotocols("superchat", "chat").connect());
        assertEquals("chat", preferred.subprotocol(), "the first offered protocol that the page declares");
        preferred.send("exit");
        assertEquals(1000, preferred.awaitClose().code());
    }

    /**
     * §1.2: no {@code web.xml}: the standard deployment has none, yet every page is served.
     *
     * <p>If this test fails, check {@code META-INF/services/jakarta.servlet.ServletContainerInitializer}
     * in csp-websocket-impl and its {@code @HandlesTypes(CspClass.class)}.
     */
    @Test
    public void required_spec1_2_pagesFoundWithoutWebXml() {
        assertNull(TckDeployments.war().get("WEB-INF/web.xml"), "the standard TCK WAR must not have a web.xml");
        TckClient fqcn = connect(page(FqcnPage.class.getName(), null));
        fqcn.awaitText("fqcn");
        assertEquals(1000, fqcn.awaitClose().code());
        TckClient other = connect(page(OtherAppPage.APPLICATION, OtherAppPage.NAME, null));
        other.awaitText("other");
        assertEquals(1000, other.awaitClose().code());
    }

    /**
     * §1.4: a URL naming no registered page gets 404.
     *
     * <p>If this test fails, check that unknown names are answered 404 before any upgrade.
     */
    @Test
    public void required_spec1_4_unknownClassNameIs404() {
        assertEquals(404, refusal(page("TCK.NoSuchPage", null)));
        assertEquals(404, refusal(page("", null)));
        assertEquals(404, refusal(page("/csp/nowhere", EchoPage.NAME, null)));
    }

    /**
     * §1.4: a URL never causes a class to be loaded or instantiated:
     * {@code /csp/user/java.lang.Runtime.cls} and the Java names of classes in the WAR that are
     * not pages get 404, and those classes stay uninitialized.
     *
     * <p>If this test fails, check that names are resolved only against the pages collected at
     * deployment, never with {@code Class.forName}.
     */
    @Test
    public void required_spec1_4_javaClassNamesOfNonPagesAre404() {
        assertEquals(404, refusal(page("java.lang.Runtime", null)));
        assertEquals(404, refusal(page("java.lang.System", null)));
        assertEquals(404, refusal(page(NotAPage.class.getName(), null)));
        assertEquals(404, refusal(page(UnannotatedPage.class.getName(), null)));
        assertEquals(404, refusal(page(EchoPage.class.getName(), null)),
                "a page with a CSP name must not also be served under its Java name");
        assertNull(probe().get(NotAPage.INITIALIZED_KEY), "requesting NotAPage.cls initialized the class");
        assertNull(probe().get(UnannotatedPage.INITIALIZED_KEY), "requesting UnannotatedPage.cls initialized the class");
    }

    private int refusal(java.net.URI uri) {
        return TckClient.to(env, uri).refusedStatus();
    }
}
