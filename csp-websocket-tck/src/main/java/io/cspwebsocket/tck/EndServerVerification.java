package io.cspwebsocket.tck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cspwebsocket.tck.pages.AfterEndServerPage;
import io.cspwebsocket.tck.pages.EndFromOtherThreadPage;
import io.cspwebsocket.tck.support.TckProbe;
import io.cspwebsocket.tck.support.VerificationBase;
import org.junit.jupiter.api.Test;

/**
 * SPEC §5, {@code endServer}: closes with 1000 and an empty reason, from any thread;
 * idempotent (the second call returns 7951); then {@code read} returns 7951 at once and
 * {@code onPostServer} runs.
 *
 * <p>To run it, extend it in a class annotated {@code @ExtendWith(ArquillianExtension.class)}
 * with {@code @Deployment(testable = false) static WebArchive war() { return
 * TckDeployments.war(); }}.
 */
public abstract class EndServerVerification extends VerificationBase {

    /** For the concrete run. */
    protected EndServerVerification() {
    }

    /**
     * §5: {@code endServer()} closes with 1000 and an empty reason; a second call returns 7951;
     * {@code onPostServer} runs once afterwards.
     *
     * <p>If this test fails, check the close code and reason of {@code endServer} and its
     * one-shot transition (a CAS on the connection state).
     */
    @Test
    public void required_spec5_endServerClosesWith1000AndIsIdempotent() {
        String token = token();
        TckClient client = connect(page(AfterEndServerPage.NAME, "t=" + token));
        client.awaitText("ending");
        TckClient.Close close = client.awaitClose();
        assertEquals(1000, close.code());
        assertEquals("", close.reason(), "endServer closes with an empty reason");
        TckProbe probe = probe();
        assertEquals("0", probe.await(token + ".first"), "the first endServer()");
        assertEquals("7951", probe.get(token + ".second"), "the second endServer()");
        probe.await(token + ".post", "1");
        assertEquals("1000", probe.get(token + ".closeCode"), "getCloseCode() in onPostServer");
        env.assertStays("onPostServer to have run exactly once", () -> "1".equals(probe.get(token + ".post")));
    }

    /**
     * §5, §11: {@code endServer()} from another thread closes with 1000 and wakes the page's
     * blocked {@code read} with 7951 at once.
     *
     * <p>If this test fails, check that {@code endServer} is thread-safe and signals the
     * inbox's waiting reader.
     */
    @Test
    public void required_spec5_endServerFromAnotherThreadWakesTheReader() {
        String token = token();
        TckClient client = connect(page(EndFromOtherThreadPage.NAME, "t=" + token));
        client.awaitText("ready");
        TckProbe probe = probe();
        probe.signal(token + ".end");
        TckClient.Close close = client.awaitClose();
        assertEquals(1000, close.code());
        assertEquals("", close.reason());
        assertEquals("0", probe.await(token + ".helperEnd"), "endServer() from the helper thread");
        assertEquals("7951:", probe.await(token + ".read"), "the page's blocked read");
        long lag = Long.parseLong(probe.get(token + ".readLagMs"));
        assertTrue(lag >= 0 && lag < 5_000, () -> "the blocked read returned " + lag + " ms after endServer (timeout 60 s)");
        probe.await(token + ".post", "1");
    }
}
