package io.cspwebsocket.tck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cspwebsocket.tck.pages.EchoPage;
import io.cspwebsocket.tck.pages.EndingPage;
import io.cspwebsocket.tck.pages.GatePage;
import io.cspwebsocket.tck.pages.GatewayPage;
import io.cspwebsocket.tck.pages.HandshakePage;
import io.cspwebsocket.tck.pages.RefusePage;
import io.cspwebsocket.tck.support.LogCapture;
import io.cspwebsocket.tck.support.RawHttp;
import io.cspwebsocket.tck.support.Reports;
import io.cspwebsocket.tck.support.TckProbe;
import io.cspwebsocket.tck.support.VerificationBase;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * SPEC §2.1–§2.3 and §2.5, the lifecycle in synchronous mode: a new page per connection,
 * {@code onPreServer} during the handshake (and its refusals), {@code server()} on its own
 * thread, the close codes its outcome maps to, and {@code onPostServer} exactly once. Also
 * §6.4's {@code getGatewayClientAddress()}, which a page knows from {@code onPreServer} on.
 *
 * <p>To run it, extend it in a class annotated {@code @ExtendWith(ArquillianExtension.class)}
 * with {@code @Deployment(testable = false) static WebArchive war() { return
 * TckDeployments.war(); }}.
 */
public abstract class LifecycleVerification extends VerificationBase {

    /**
     * System property: {@code true} when the container runs on the test JVM's JDK (embedded, or
     * started with the test JVM's {@code java}).
     */
    public static final String SERVER_ON_TEST_JDK_PROPERTY = "io.cspwebsocket.tck.serverOnTestJdk";

    /** A {@code Host} header that names neither the connector's address nor its port (§6.4). */
    private static final String OTHER_HOST = "gateway-host.invalid:1";

    /** For the concrete run. */
    protected LifecycleVerification() {
    }

    private Map<String, String> handshakeReport(TckClient client) {
        return Reports.keyValues(client.awaitText());
    }

    private void closeNormally(TckClient client) {
        client.sendClose(1000, "");
        assertEquals(1000, client.awaitClose().code());
    }

    /**
     * §2.1: each connection gets a new page instance, and its {@code onPreServer} runs once.
     *
     * <p>If this test fails, check that the endpoint configurator creates the page per
     * connection ({@code getEndpointInstance}) and never reuses or pools pages.
     */
    @Test
    public void required_spec2_1_newPageInstancePerConnection() {
        TckClient first = connect(page(HandshakePage.NAME, "t=" + token()));
        TckClient second = connect(page(HandshakePage.NAME, "t=" + token()));
        Map<String, String> a = handshakeReport(first);
        Map<String, String> b = handshakeReport(second);
        assertNotEquals(a.get("instance"), b.get("instance"), "two connections were served by one page instance");
        assertEquals("1", a.get("preServerCalls"));
        assertEquals("1", b.get("preServerCalls"));
        assertNotEquals(a.get("server.id"), b.get("server.id"), "two connections share a WebSocketID");
        closeNormally(first);
        closeNormally(second);
    }

    /**
     * §2.1: before {@code onPreServer} the page has its WebSocketID, SessionId and the
     * handshake request (parameters, headers, remote address); the id stays the same.
     *
     * <p>If this test fails, check that the page is bound to its connection before
     * {@code onPreServer} runs, with the request data captured during the handshake.
     */
    @Test
    public void required_spec2_1_idSessionAndRequestKnownInOnPreServer() {
        String value = "v\u00e4lue " + token();
        TckClient client = track(TckClient.to(env, page(HandshakePage.NAME,
                        "t=" + token() + "&p=" + java.net.URLEncoder.encode(value, StandardCharsets.UTF_8)))
                .header("X-Tck", "header-" + value.hashCode()).connect());
        Map<String, String> report = handshakeReport(client);
        assertFalse(report.get("pre.id").isEmpty() || report.get("pre.id").equals("null"), "no WebSocketID in onPreServer");
        assertEquals(report.get("pre.id"), report.get("server.id"), "the WebSocketID changed after onPreServer");
        assertFalse(report.get("pre.session").isEmpty() || report.get("pre.session").equals("null"), "no SessionId in onPreServer");
        assertEquals(value, report.get("pre.param"), "request parameter p in onPreServer");
        assertEquals("header-" + value.hashCode(), report.get("pre.header"), "request header X-Tck in onPreServer");
        assertTrue(report.get("pre.remote").equals("127.0.0.1") || report.get("pre.remote").equals("0:0:0:0:0:0:0:1")
                || report.get("pre.remote").equals("::1"), () -> "remote address " + report.get("pre.remote"));
        closeNormally(client);
    }

    /**
     * §6.4: {@code getGatewayClientAddress()} (IRIS {@code GWClientAddress}) names the node that
     * holds the socket: the local address and port of the connector that accepted it, as
     * {@code <address>:<port>}. With the client on {@code 127.0.0.1} that is
     * {@code 127.0.0.1:<the port the client connected to>}; on another host, the port must still
     * be that one. It is the same in {@code onPreServer}, {@code server()},
     * {@code onClientMessage} (shared mode) and {@code onPostServer}, in both modes, and a
     * {@code Host} header that names another host and port does not change it.
     *
     * <p>If this test fails, check that the handshake records
     * {@code request.getLocalAddr() + ":" + request.getLocalPort()} (not the {@code Host} header,
     * the server name or the client's address) before the container recycles the request, and
     * that the page's channel answers it in every callback.
     */
    @Test
    public void required_spec6_4_gatewayClientAddressIsTheAcceptingConnector() {
        URI root = contextRoot();
        TckProbe probe = probe();
        for (String mode : List.of("synchronous", "shared")) {
            String token = token();
            TckClient client = connect(page(GatewayPage.NAME, "t=" + token + (mode.equals("shared") ? "&shared=1" : "")));
            Map<String, String> report = handshakeReport(client);
            String gateway = report.get("pre.gateway");
            assertAcceptingConnector(root, gateway, "getGatewayClientAddress() in onPreServer (" + mode + ")");
            assertEquals(gateway, report.get("server.gateway"), "getGatewayClientAddress() in server() (" + mode + ")");
            client.send("which gateway?");
            client.awaitText("gateway=" + gateway);
            closeNormally(client);
            probe.await(token + ".post", "1");
            assertEquals(gateway, probe.get(token + ".post.gateway"), "getGatewayClientAddress() in onPostServer (" + mode + ")");
        }
        // A Host header that names another host and port must not change it: the connector is what counts.
        // The raw client leaves after the 101, so only onPreServer's record is read (and server() ends at once).
        String token = token();
        String target = root.getRawPath() + "csp/user/" + GatewayPage.NAME + ".cls?end=1&t=" + token;
        RawHttp.Answer answer = RawHttp.send(env, root.getHost(), root.getPort(), RawHttp.handshake(target, OTHER_HOST));
        assertEquals(101, answer.status(), "handshake with Host: " + OTHER_HOST);
        assertAcceptingConnector(root, probe.await(token + ".pre.gateway"),
                "getGatewayClientAddress() in onPreServer of a handshake with Host: " + OTHER_HOST);
    }

    /**
     * @param root the deployment's root the client connected to
     * @param gateway what {@code getGatewayClientAddress()} returned
     * @param what which call, for the failure message
     */
    private static void assertAcceptingConnector(URI root, String gateway, String what) {
        if (root.getHost().equals("127.0.0.1")) {
            assertEquals("127.0.0.1:" + root.getPort(), gateway, what);
        } else {
            assertTrue(gateway != null && gateway.endsWith(":" + root.getPort()),
                    () -> what + " is " + gateway + ", not the address of the connector at port " + root.getPort());
        }
    }

    /**
     * §2.2: {@code onPreServer} runs before the upgrade is accepted: while it is held, the
     * client's handshake does not complete.
     *
     * <p>If this test fails, check that {@code onPreServer} runs in the handshake (a filter or
     * {@code modifyHandshake}), not in {@code onOpen}.
     */
    @Test
    public void required_spec2_2_onPreServerRunsBeforeTheUpgradeIsAccepted() {
        String token = token();
        TckProbe probe = probe();
        CompletableFuture<TckClient> pending = TckClient.to(env, page(GatePage.NAME, "t=" + token)).connectAsync();
        try {
            probe.await(token + ".preEntered", "yes");
            env.assertStays("the handshake to stay pending while onPreServer runs", () -> !pending.isDone());
        } finally {
            probe.signal(token + ".release");
        }
        TckClient client = track(pending.join());
        client.awaitText("open");
        assertEquals(1000, client.awaitClose().code());
    }

    /**
     * §2.2: {@code onPreServer} returning an error refuses the connection with HTTP 403 before
     * the upgrade, and {@code server()} never runs.
     *
     * <p>If this test fails, check that the status of {@code onPreServer} is checked before the
     * upgrade response is committed (Tomcat: a filter or {@code checkOrigin}; an exception in
     * {@code modifyHandshake} gives 500, not 403).
     */
    @Test
    public void required_spec2_2_onPreServerErrorRefusesWith403() {
        assertRefused("error");
    }

    /**
     * §2.2: {@code onPreServer} throwing refuses the connection with HTTP 403, and
     * {@code server()} never runs.
     *
     * <p>If this test fails, check that exceptions from {@code onPreServer} are caught and turned
     * into a 403 refusal (not a 500, not an accepted socket).
     */
    @Test
    public void required_spec2_2_onPreServerThrowingRefusesWith403() {
        assertRefused("throw");
    }

    private void assertRefused(String mode) {
        String token = token();
        assertEquals(403, TckClient.to(env, page(RefusePage.NAME, "t=" + token + "&mode=" + mode)).refusedStatus());
        TckProbe probe = probe();
        assertEquals("1", probe.get(token + ".pre"), "onPreServer runs");
        env.assertStays("server() not to run for a refused connection", () -> probe.get(token + ".server") == null);
        // The same page accepts when onPreServer says OK: the refusal came from onPreServer.
        String accepted = token();
        TckClient client = connect(page(RefusePage.NAME, "t=" + accepted));
        client.awaitText("accepted");
        assertEquals(1000, client.awaitClose().code());
        probe.await(accepted + ".post", "1");
        assertNull(probe.get(token + ".server"), "server() ran for a refused connection");
    }

    /**
     * §2.2: {@code setSharedConnection} works in {@code onPreServer} and throws
     * {@link IllegalStateException} in {@code server()} and {@code onPostServer()}.
     *
     * <p>If this test fails, check {@code CspChannel.inPreServer()}: true only while
     * {@code onPreServer} runs.
     */
    @Test
    public void required_spec2_2_setSharedConnectionOnlyInOnPreServer() {
        String token = token();
        TckClient client = connect(page(HandshakePage.NAME, "t=" + token));
        Map<String, String> report = handshakeReport(client);
        assertEquals("none", report.get("pre.setShared"), "setSharedConnection in onPreServer must be allowed");
        assertEquals(IllegalStateException.class.getName(), report.get("server.setShared"),
                "setSharedConnection in server()");
        closeNormally(client);
        assertEquals(IllegalStateException.class.getName(), probe().await(token + ".post.setShared"),
                "setSharedConnection in onPostServer()");
    }

    /**
     * §2.2: {@code read} and {@code write} in {@code onPreServer} throw
     * {@link IllegalStateException}: the socket is not open yet.
     *
     * <p>If this test fails, check that the channel refuses I/O until the socket is open.
     */
    @Test
    public void required_spec2_2_readAndWriteInOnPreServerThrow() {
        TckClient client = connect(page(HandshakePage.NAME, "t=" + token()));
        Map<String, String> report = handshakeReport(client);
        assertEquals(IllegalStateException.class.getName(), report.get("pre.read"),
                () -> "read in onPreServer returned " + report.get("pre.readResult"));
        assertEquals(IllegalStateException.class.getName(), report.get("pre.write"),
                () -> "write in onPreServer returned " + report.get("pre.writeResult"));
        closeNormally(client);
    }

    /**
     * §2.3: {@code server()} runs on a thread of its own, not the handshake's thread; on JDK 21
     * and later a virtual thread, on JDK 17 a platform thread. When system property
     * {@value #SERVER_ON_TEST_JDK_PROPERTY} is {@code true} (the container was started with the
     * test JVM's {@code java}, as the Payara runner does), the server's JDK must also be the
     * test JVM's, so that a run on the newest JDK really checks virtual threads.
     *
     * <p>If this test fails, check that {@code onOpen} hands {@code server()} to a new thread
     * instead of running it on the container's thread, and that virtual threads are found at
     * run time on JDK 21+.
     */
    @Test
    public void required_spec2_3_serverRunsOnAThreadOfItsOwn() {
        TckClient client = connect(page(HandshakePage.NAME, "t=" + token()));
        Map<String, String> report = handshakeReport(client);
        assertNotEquals(report.get("pre.thread"), report.get("server.thread"),
                "server() ran on the handshake's thread");
        int serverJdk = Integer.parseInt(report.get("server.jdk"));
        if (Boolean.getBoolean(SERVER_ON_TEST_JDK_PROPERTY)) {
            assertEquals(Runtime.version().feature(), serverJdk, "the server must run on the test JVM's JDK");
        }
        if (serverJdk >= 21) {
            assertEquals("true", report.get("server.virtual"), "on JDK 21+ server() must run on a virtual thread");
        } else {
            assertEquals("false", report.get("server.virtual"), "before JDK 21 server() runs on a platform thread");
        }
        closeNormally(client);
    }

    /**
     * §2.3: {@code server()} returning OK closes the socket with 1000.
     *
     * <p>If this test fails, check the mapping of {@code server()}'s status to the close code.
     */
    @Test
    public void required_spec2_3_serverReturningOkClosesWith1000() {
        assertEnding("ok", 1000);
    }

    /**
     * §2.3: {@code server()} returning a closed status (7951) is a normal end: 1000.
     *
     * <p>If this test fails, check that {@code isClosed()} statuses are not treated as errors.
     */
    @Test
    public void required_spec2_3_serverReturningClosedStatusClosesWith1000() {
        assertEnding("closed", 1000);
    }

    /**
     * §2.3: {@code server()} returning an error closes with 1011, and the reason does not carry
     * the status message.
     *
     * <p>If this test fails, check the close code for error statuses and that the close reason
     * is a fixed text, not {@code status.message()}.
     */
    @Test
    public void required_spec2_3_serverReturningErrorClosesWith1011() {
        assertEnding("error", 1011);
    }

    /**
     * §2.3: {@code server()} throwing closes with 1011, and the reason does not carry the
     * exception text.
     *
     * <p>If this test fails, check that exceptions from {@code server()} are caught, logged
     * with the WebSocketID, and turned into 1011 with a fixed reason.
     */
    @Test
    public void required_spec2_3_serverThrowingClosesWith1011() {
        assertEnding("throw", 1011);
    }

    private void assertEnding(String end, int expectedCode) {
        String token = token();
        TckClient client = connect(page(EndingPage.NAME, "t=" + token + "&end=" + end));
        client.awaitText("running");
        client.send("go");
        TckClient.Close close = client.awaitClose();
        assertEquals(expectedCode, close.code(), "close code after server() ended with " + end);
        assertCleanReason(close.reason());
        TckProbe probe = probe();
        probe.await(token + ".post", "1");
        assertEquals(Integer.toString(expectedCode), probe.get(token + ".closeCode"),
                "getCloseCode() in onPostServer");
        env.assertStays("onPostServer to have run exactly once", () -> "1".equals(probe.get(token + ".post")));
    }

    private static void assertCleanReason(String reason) {
        assertFalse(reason.contains(EndingPage.SECRET), () -> "close reason carries the exception/status text: " + reason);
        assertFalse(reason.contains("Exception"), () -> "close reason carries an exception: " + reason);
        assertTrue(reason.getBytes(StandardCharsets.UTF_8).length <= 123, "close reason longer than 123 bytes");
    }

    /**
     * §2.3: the SPEC's pattern: the client closes, {@code read} reports 7951, and
     * {@code return endServer()} (7951) is a normal end; {@code onPostServer} runs once.
     *
     * <p>If this test fails, check that a closed status from {@code server()} after a client
     * close is not logged or treated as an error, and that {@code endServer()} after the close
     * returns 7951.
     */
    @Test
    public void required_spec2_3_returnEndServerAfterClientCloseIsNormal() {
        String token = token();
        TckClient client = connect(page(EndingPage.NAME, "t=" + token + "&end=seed"));
        client.awaitText("running");
        client.send("echo me");
        client.awaitText("echo me");
        client.sendClose(1000, "bye");
        assertEquals(1000, client.awaitClose().code());
        TckProbe probe = probe();
        probe.await(token + ".post", "1");
        assertEquals("7951", probe.get(token + ".endServerStatus"), "endServer() after the client closed");
        assertEquals("1000", probe.get(token + ".closeCode"), "getCloseCode() in onPostServer");
        env.assertStays("onPostServer to have run exactly once", () -> "1".equals(probe.get(token + ".post")));
    }

    /**
     * §2.5: {@code onPostServer} runs exactly once, after the socket is closed, on the page's
     * thread, also when {@code server()} threw.
     *
     * <p>If this test fails, check that {@code onPostServer} runs in a {@code finally} after the
     * close, once, whatever {@code server()} did.
     */
    @Test
    public void required_spec2_5_onPostServerRunsOnceAfterServerThrew() {
        String token = token();
        TckClient client = connect(page(EndingPage.NAME, "t=" + token + "&end=throw"));
        client.awaitText("running");
        client.send("go");
        assertEquals(1011, client.awaitClose().code());
        TckProbe probe = probe();
        probe.await(token + ".post", "1");
        assertEquals("1011", probe.get(token + ".closeCode"), "onPostServer must run after the close (getCloseCode)");
        assertEquals(probe.get(token + ".serverThread"), probe.get(token + ".postThread"),
                "in synchronous mode onPostServer runs on the page's thread");
        env.assertStays("onPostServer to have run exactly once", () -> "1".equals(probe.get(token + ".post")));
    }

    /**
     * §2.5: a client that drops the TCP connection without a close frame still gets its page's
     * {@code onPostServer} run exactly once.
     *
     * <p>If this test fails, check that {@code onError}/{@code onClose} of an aborted
     * connection wake a blocked {@code read} (7951) and lead to {@code onPostServer}.
     */
    @Test
    public void required_spec2_5_onPostServerRunsOnceWhenClientVanishes() {
        String token = token();
        TckClient client = connect(page(EchoPage.NAME, "t=" + token));
        client.send("x");
        client.awaitText("x");
        discard(client);
        TckProbe probe = probe();
        probe.await(token + ".post", "1");
        env.assertStays("onPostServer to have run exactly once", () -> "1".equals(probe.get(token + ".post")));
    }

    /**
     * §2.5: exceptions from {@code server()} and {@code onPostServer} of one connection never
     * affect another connection.
     *
     * <p>If this test fails, check that callback exceptions are caught per connection and never
     * reach a shared executor or the container.
     */
    @Test
    public void required_spec2_5_callbackExceptionsDoNotKillOtherConnections() {
        TckClient bystander = connect(page(EchoPage.NAME, "t=" + token()));
        bystander.send("before");
        bystander.awaitText("before");
        for (int i = 0; i < 3; i++) {
            String token = token();
            TckClient failing = connect(page(EndingPage.NAME, "t=" + token + "&end=throw&postThrow=1"));
            failing.awaitText("running");
            failing.send("go");
            assertEquals(1011, failing.awaitClose().code());
            probe().await(token + ".post", "1");
        }
        bystander.send("after");
        bystander.awaitText("after");
        TckClient newcomer = connect(page(EchoPage.NAME, "t=" + token()));
        newcomer.send("new");
        newcomer.awaitText("new");
        closeNormally(bystander);
        closeNormally(newcomer);
    }

    /**
     * §2.5: exceptions from {@code server()} and {@code onPostServer} are logged, and the log
     * names the WebSocketID.
     *
     * <p>If this test fails, check that the adapter logs callback exceptions (through
     * {@code System.Logger}) with the connection's WebSocketID in the message.
     */
    @Test
    public void required_spec2_5_callbackExceptionsAreLoggedWithTheWebSocketId() {
        TckProbe probe = probe();
        try (LogCapture log = LogCapture.start(env, contextRoot(), probe)) {
            String token = token();
            TckClient client = connect(page(EndingPage.NAME, "t=" + token + "&end=throw&postThrow=1"));
            client.awaitText("running");
            client.send("go");
            assertEquals(1011, client.awaitClose().code());
            probe.await(token + ".post", "1");
            String id = probe.get(token + ".id");
            env.await("a warning naming WebSocketID " + id + " with server()'s exception",
                    () -> log.problemsMentioning(id).stream().anyMatch(l -> l.contains(token + " thrown by server()")));
            env.await("a warning naming WebSocketID " + id + " with onPostServer's exception",
                    () -> log.problemsMentioning(id).stream().anyMatch(l -> l.contains(token + " thrown by onPostServer()")));
        }
    }

    /**
     * §2.3: a {@code server()} that returns a closed status (7951), as the SPEC's example does
     * after the client left, ends normally: no warning or error is logged for it.
     *
     * <p>If this test fails, check that closed statuses are not logged as errors.
     */
    @Test
    public void required_spec2_3_closedStatusIsNotLoggedAsAnError() {
        TckProbe probe = probe();
        try (LogCapture log = LogCapture.start(env, contextRoot(), probe)) {
            String closed = token();
            TckClient first = connect(page(EndingPage.NAME, "t=" + closed + "&end=closed"));
            first.awaitText("running");
            first.send("go");
            assertEquals(1000, first.awaitClose().code());
            String seed = token();
            TckClient second = connect(page(EndingPage.NAME, "t=" + seed + "&end=seed"));
            second.awaitText("running");
            second.sendClose(1000, "");
            assertEquals(1000, second.awaitClose().code());
            probe.await(closed + ".post", "1");
            probe.await(seed + ".post", "1");
            for (String token : List.of(closed, seed)) {
                String id = probe.get(token + ".id");
                List<String> problems = log.problemsMentioning(id);
                assertTrue(problems.isEmpty(), () -> "a normal end was logged as a problem: " + problems);
            }
        }
    }
}
