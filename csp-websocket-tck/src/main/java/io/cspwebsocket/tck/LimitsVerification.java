package io.cspwebsocket.tck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cspwebsocket.tck.pages.EchoPage;
import io.cspwebsocket.tck.pages.FloodPage;
import io.cspwebsocket.tck.pages.NoReadPage;
import io.cspwebsocket.tck.support.TckProbe;
import io.cspwebsocket.tck.support.VerificationBase;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;

/**
 * SPEC §3.5, §4.3 and §8.3, the limits: messages above {@code io.cspwebsocket.maxMessageSize}
 * close the socket with 1009; a page that does not read applies back-pressure to the client;
 * a write that cannot finish within {@code io.cspwebsocket.sendTimeout} returns 5001 and closes
 * the socket with 1011.
 *
 * <p>To run it, extend it in a class annotated {@code @ExtendWith(ArquillianExtension.class)}
 * with {@code @Deployment(testable = false) static WebArchive war() { return
 * TckDeployments.limitsWar(); }}: that WAR sets the small limits of {@link #CONTEXT_PARAMS} in
 * a {@code web.xml}.
 */
public abstract class LimitsVerification extends VerificationBase {

    /** The maximum message size set for this verification, in bytes. */
    public static final int MAX_MESSAGE_SIZE = 16384;
    /** The send timeout set for this verification, as written in the context parameter. */
    public static final String SEND_TIMEOUT = "1s";
    /** The context parameters of {@link TckDeployments#limitsWar()}. */
    public static final Map<String, String> CONTEXT_PARAMS = Map.of(
            "io.cspwebsocket.maxMessageSize", Integer.toString(MAX_MESSAGE_SIZE),
            "io.cspwebsocket.sendTimeout", SEND_TIMEOUT);

    /** Bytes a client may push into a page that never reads before its sends must stall. */
    protected static final long BACK_PRESSURE_BUDGET = 256L * 1024 * 1024;

    /** For the concrete run. */
    protected LimitsVerification() {
    }

    private void assertLimitsDeployed(TckProbe probe) {
        assertEquals(Integer.toString(MAX_MESSAGE_SIZE), probe.initParam("io.cspwebsocket.maxMessageSize"),
                "this verification needs the deployment TckDeployments.limitsWar()");
    }

    /**
     * §3.5, §8.3: a message of exactly {@code maxMessageSize} bytes is accepted; one byte more
     * closes the socket with 1009, which {@code onPostServer} also sees. Sizes count UTF-8
     * bytes, not chars.
     *
     * <p>If this test fails, check that the adapter reads {@code io.cspwebsocket.maxMessageSize}
     * from the context, counts the UTF-8 bytes of a message, and closes with
     * {@code TOO_BIG} (1009) whatever the container's own buffer size is.
     */
    @Test
    public void required_spec3_5_messageAboveMaxMessageSizeClosesWith1009() {
        TckProbe probe = probe();
        assertLimitsDeployed(probe);
        String token = token();
        TckClient client = connect(page(EchoPage.NAME, "t=" + token));
        String atLimit = "a".repeat(MAX_MESSAGE_SIZE);
        client.send(atLimit);
        client.awaitText(atLimit);
        String twoByteChars = "\u00e9".repeat(MAX_MESSAGE_SIZE / 2);
        client.send(twoByteChars);
        client.awaitText(twoByteChars);
        client.send("\u00e9".repeat(MAX_MESSAGE_SIZE / 2 + 1));
        assertEquals(1009, client.awaitClose().code(), "a message of " + (MAX_MESSAGE_SIZE + 2) + " UTF-8 bytes");
        probe.await(token + ".post", "1");
        assertEquals("1009", probe.get(token + ".closeCode"), "getCloseCode() in onPostServer");

        TckClient plain = connect(page(EchoPage.NAME, "t=" + token()));
        plain.send("a".repeat(MAX_MESSAGE_SIZE + 1));
        assertEquals(1009, plain.awaitClose().code(), "a message of maxMessageSize + 1 bytes");
    }

    /**
     * §3.5: the limit applies to the whole message, not to one frame: three fragments of
     * 8,000 bytes close the socket with 1009.
     *
     * <p>If this test fails, check that partial messages are counted across frames.
     */
    @Test
    public void required_spec3_5_fragmentedMessageAboveMaxMessageSizeClosesWith1009() {
        assertLimitsDeployed(probe());
        TckClient client = connect(page(EchoPage.NAME, "t=" + token()));
        String fragment = "f".repeat(8_000);
        join(client.sendAsync(fragment, false));
        join(client.sendAsync(fragment, false));
        client.sendAsync(fragment, true);
        assertEquals(1009, client.awaitClose().code());
    }

    /**
     * §3.5: a page that never reads applies back-pressure: the client's sends stop completing
     * well before {@value #BACK_PRESSURE_BUDGET} bytes, instead of the server buffering them.
     *
     * <p>If this test fails, check that the inbox is bounded and that, when it is full, the
     * adapter stops taking frames (blocks in {@code onMessage} or suspends the session) instead
     * of queueing without limit.
     */
    @Test
    public void required_spec3_5_pageThatNeverReadsAppliesBackPressure() {
        String token = token();
        TckClient client = connect(page(NoReadPage.NAME, "t=" + token));
        client.awaitText("ready");
        long sent;
        try {
            sent = sendUntilStalled(client, "b".repeat(8 * 1024), BACK_PRESSURE_BUDGET);
        } finally {
            probe().signal(token + ".release");
        }
        assertTrue(sent >= 0, () -> "the client sent " + BACK_PRESSURE_BUDGET + " chars to a page that never reads and no send stalled");
        discard(client);
    }

    /**
     * §4.3, §8.3: a write that cannot finish within the send timeout (the client does not
     * read) returns 5001, and the socket is closed with 1011.
     *
     * <p>If this test fails, check that each write waits for its send with
     * {@code io.cspwebsocket.sendTimeout} (here {@value #SEND_TIMEOUT}) and then closes the
     * connection with 1011, returning a general error.
     */
    @Test
    public void required_spec4_3_writeBeyondSendTimeoutReturns5001AndCloses1011() {
        TckProbe probe = probe();
        assertLimitsDeployed(probe);
        String token = token();
        TckClient client = track(TckClient.to(env, page(FloodPage.NAME, "t=" + token)).manualDemand().connect());
        String code = probe.await(token + ".write");
        assertEquals("5001", code, () -> "status of a write the client never took, after "
                + probe.get(token + ".count") + " OK writes");
        long took = Long.parseLong(probe.get(token + ".ms"));
        assertTrue(took >= 500 && took < 10_000, () -> "the failing write returned after " + took + " ms; send timeout " + SEND_TIMEOUT);
        probe.await(token + ".post", "1");
        assertEquals("1011", probe.get(token + ".closeCode"), "close code after a send timeout");
        discard(client);
    }

    private void join(CompletableFuture<?> future) {
        try {
            future.get(env.timeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new AssertionError("send failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
