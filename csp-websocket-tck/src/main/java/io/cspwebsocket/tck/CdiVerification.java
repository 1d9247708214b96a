package io.cspwebsocket.tck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import io.cspwebsocket.tck.cdi.CdiPage;
import io.cspwebsocket.tck.support.Reports;
import io.cspwebsocket.tck.support.TckProbe;
import io.cspwebsocket.tck.support.VerificationBase;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * SPEC §2.1 with CDI: one new page instance per connection, which, where the container has CDI
 * (Payara), is created like a managed bean: its {@code @Inject} fields are set (here an
 * application-scoped bean, the same for every page), {@code @PostConstruct} runs before
 * {@code onPreServer}, and {@code @PreDestroy} runs once, after {@code onPostServer} (or after
 * {@code onPreServer} refused the connection). Where the container has no CDI (Tomcat), the very
 * same WAR works and its pages are created with their no-argument constructor: no injection, no
 * {@code @PostConstruct}, no {@code @PreDestroy}.
 *
 * <p>Which of the two a run expects is stated, not detected: system property
 * {@value #CONTAINER_HAS_CDI_PROPERTY} ({@code true} for Payara; absent means no CDI).
 *
 * <p>To run it, extend it in a class annotated {@code @ExtendWith(ArquillianExtension.class)}
 * with {@code @Deployment(testable = false) static WebArchive war() { return
 * TckDeployments.cdiWar(); }}.
 */
public abstract class CdiVerification extends VerificationBase {

    /** System property: {@code true} when the container under test has CDI. */
    public static final String CONTAINER_HAS_CDI_PROPERTY = "io.cspwebsocket.tck.containerHasCdi";

    /** For the concrete run. */
    protected CdiVerification() {
    }

    /** @return whether this run's container has CDI ({@value #CONTAINER_HAS_CDI_PROPERTY}) */
    protected boolean containerHasCdi() {
        return Boolean.getBoolean(CONTAINER_HAS_CDI_PROPERTY);
    }

    private Map<String, String> report(TckClient client) {
        return Reports.keyValues(client.awaitText());
    }

    /**
     * §2.1: with CDI, a page's {@code @Inject} field holds the application-scoped bean (the same
     * instance for two connections), and {@code @PostConstruct} ran once, after the injection and
     * before {@code onPreServer}; without CDI, none of this happens and the page still serves.
     * Either way the page echoes over the socket.
     *
     * <p>If this test fails with CDI, check that the adapter creates pages through the
     * application's {@code BeanManager} (produce, inject, postConstruct) on the handshake
     * thread; without CDI, that it falls back to the no-argument constructor when
     * {@code CDI.current()} fails.
     */
    @Test
    public void required_spec2_1_pagesAreInjectedWhereTheContainerHasCdi() {
        String first = token();
        String second = token();
        TckClient one = connect(page(CdiPage.NAME, "t=" + first));
        TckClient two = connect(page(CdiPage.NAME, "t=" + second));
        Map<String, String> a = report(one);
        Map<String, String> b = report(two);
        if (containerHasCdi()) {
            for (Map<String, String> report : List.of(a, b)) {
                assertEquals("true", report.get("injected"), () -> "@Inject field not set: " + report);
                assertEquals("1", report.get("postConstructs"), () -> "@PostConstruct must run once: " + report);
                assertEquals("true", report.get("postConstructSawInjection"),
                        () -> "@PostConstruct must run after injection: " + report);
                assertEquals("true", report.get("preServerSawPostConstruct"),
                        () -> "@PostConstruct must run before onPreServer: " + report);
            }
            assertEquals("hello " + first + " from bean #" + a.get("bean"), a.get("greeting"), a::toString);
            assertEquals(a.get("bean"), b.get("bean"), "both pages must get the one application-scoped bean");
        } else {
            for (Map<String, String> report : List.of(a, b)) {
                assertEquals("false", report.get("injected"), () -> "no CDI, yet the field was injected: " + report);
                assertEquals("0", report.get("postConstructs"), () -> "no CDI, yet @PostConstruct ran: " + report);
            }
        }
        one.send("ping 1");
        one.awaitText("ping 1");
        two.send("ping 2");
        two.awaitText("ping 2");
        one.sendClose(1000, "");
        two.sendClose(1000, "");
        assertEquals(1000, one.awaitClose().code());
        assertEquals(1000, two.awaitClose().code());
    }

    /**
     * §2.1, §2.5: with CDI, {@code @PreDestroy} runs exactly once per page, after
     * {@code onPostServer}; without CDI it never runs.
     *
     * <p>If this test fails, check that the adapter ends the CDI instance (pre-destroy, dispose)
     * after {@code onPostServer}, once.
     */
    @Test
    public void required_spec2_5_preDestroyRunsOnceAfterOnPostServer() {
        TckProbe probe = probe();
        String token = token();
        TckClient client = connect(page(CdiPage.NAME, "t=" + token));
        report(client);
        client.sendClose(1000, "");
        assertEquals(1000, client.awaitClose().code());
        probe.await(token + ".post", "1");
        if (containerHasCdi()) {
            probe.await(token + ".preDestroy", "after onPostServer");
            env.assertStays("@PreDestroy to have run exactly once", () -> "1".equals(probe.get(token + ".preDestroys")));
        } else {
            env.assertStays("no @PreDestroy without CDI", () -> probe.get(token + ".preDestroys") == null);
        }
    }

    /**
     * §2.2: when {@code onPreServer} refuses (HTTP 403), the page instance is ended too: with
     * CDI its {@code @PreDestroy} runs once; {@code onPostServer} does not run.
     *
     * <p>If this test fails, check that a refused handshake releases the CDI instance.
     */
    @Test
    public void required_spec2_2_refusedPageIsEnded() {
        TckProbe probe = probe();
        String token = token();
        assertEquals(403, TckClient.to(env, page(CdiPage.NAME, "t=" + token + "&refuse=1")).refusedStatus());
        if (containerHasCdi()) {
            probe.await(token + ".preDestroy", "after a refusal");
            assertNotNull(probe.get(token + ".preDestroys"));
            env.assertStays("@PreDestroy once and no onPostServer for a refused connection",
                    () -> "1".equals(probe.get(token + ".preDestroys")) && probe.get(token + ".post") == null);
        } else {
            env.assertStays("no @PreDestroy and no onPostServer without CDI",
                    () -> probe.get(token + ".preDestroys") == null && probe.get(token + ".post") == null);
        }
    }
}
