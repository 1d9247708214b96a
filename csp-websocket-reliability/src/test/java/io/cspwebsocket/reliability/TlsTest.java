package io.cspwebsocket.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.cspwebsocket.reliability.probe.Probe;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.apache.catalina.connector.Connector;
import org.apache.tomcat.util.net.SSLHostConfig;
import org.apache.tomcat.util.net.SSLHostConfigCertificate;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Pages over TLS ({@code wss://}): the server gets an HTTPS connector on 127.0.0.1 beside its
 * plain one, with a key pair that the JDK's {@code keytool} generates for this run (a
 * self-signed certificate for {@code IP:127.0.0.1}, in a temporary directory); the JDK client
 * trusts exactly that certificate. A page works over {@code wss://} as over {@code ws://}: echo,
 * request headers, {@code getGatewayClientAddress()} naming the TLS connector, a clean 1000
 * close with onPostServer once; and the Origin check follows the scheme (SPEC §8.2): over TLS
 * {@code Origin: https://127.0.0.1:<port>} is same-origin and {@code Origin: http://127.0.0.1:<port>}
 * is cross-site (403, no page created), and the other way round on the plain connector.
 */
class TlsTest extends SuiteBase {

    private static final String PAGE = "/csp/user/Rel.TlsEcho.cls";
    private static final String ALIAS = "tls";

    @TempDir
    static Path keys;

    private static int tlsPort;
    private static HttpClient client;

    @BeforeAll
    static void startServer() throws Exception {
        start(50, Map.of(), Map.of());
        byte[] secret = new byte[16];
        new SecureRandom().nextBytes(secret);
        String password = HexFormat.of().formatHex(secret);
        Path keystore = keys.resolve("server.p12");
        generateKeyPair(keystore, password);

        SSLHostConfig tls = new SSLHostConfig();
        SSLHostConfigCertificate certificate = new SSLHostConfigCertificate(tls, SSLHostConfigCertificate.Type.RSA);
        certificate.setCertificateKeystoreFile(keystore.toString());
        certificate.setCertificateKeystorePassword(password);
        certificate.setCertificateKeystoreType("PKCS12");
        certificate.setCertificateKeyAlias(ALIAS);
        tls.addCertificate(certificate);
        Connector https = new Connector();
        https.setPort(0);
        https.setProperty("address", "127.0.0.1");
        https.setProperty("SSLEnabled", "true");
        https.setScheme("https");
        https.setSecure(true);
        https.addSslHostConfig(tls);
        tlsPort = server.addConnector(https);

        client = HttpClient.newBuilder().sslContext(trusting(keystore, password)).connectTimeout(WsClient.WAIT).build();
    }

    /** Runs {@code keytool -genkeypair} of the JDK that runs the tests: RSA 2048, valid 2 days, SAN IP:127.0.0.1. */
    private static void generateKeyPair(Path keystore, String password) throws IOException, InterruptedException {
        Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
        Process process = new ProcessBuilder(keytool.toString(), "-genkeypair", "-alias", ALIAS,
                "-keyalg", "RSA", "-keysize", "2048", "-validity", "2",
                "-dname", "CN=127.0.0.1", "-ext", "SAN=ip:127.0.0.1",
                "-storetype", "PKCS12", "-keystore", keystore.toString(),
                "-storepass", password, "-keypass", password, "-noprompt")
                .redirectErrorStream(true).start();
        String output;
        try (InputStream out = process.getInputStream()) {
            output = new String(out.readAllBytes(), StandardCharsets.UTF_8);
        }
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            fail("keytool did not finish within 60 s: " + output);
        }
        assertEquals(0, process.exitValue(), () -> "keytool -genkeypair failed: " + output);
        assertTrue(Files.size(keystore) > 0, "keytool wrote no keystore");
    }

    /** @return a TLS context that trusts the generated certificate and nothing else */
    private static SSLContext trusting(Path keystore, String password) throws Exception {
        KeyStore generated = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keystore)) {
            generated.load(in, password.toCharArray());
        }
        Certificate certificate = generated.getCertificate(ALIAS);
        KeyStore trusted = KeyStore.getInstance(KeyStore.getDefaultType());
        trusted.load(null, null);
        trusted.setCertificateEntry("server", certificate);
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(trusted);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, factory.getTrustManagers(), new SecureRandom());
        return context;
    }

    /**
     * A page over {@code wss://}: its report (no Origin header; {@code getGatewayClientAddress()}
     * naming the TLS connector), echoes of short, non-ASCII and 20,000-char messages, the
     * client's 1000 answered with 1000, {@code read()} ending with 7951 and onPostServer once
     * with 1000.
     *
     * <p>If this test fails, check that nothing in the handshake path assumes a plain connector
     * (the gateway address is the request's local address and port, whatever the scheme).
     */
    @Test
    void aPageEchoesOverWssAndClosesCleanlyWith1000() throws Exception {
        WsClient socket = open("wss://127.0.0.1:" + tlsPort + PAGE, null);
        String id = socket.webSocketId();
        Map<String, String> report = report(socket.next());
        assertEquals("null", report.get("origin"), "getRequestHeader(\"Origin\") of a handshake without one");
        assertEquals("127.0.0.1:" + tlsPort, report.get("gateway"),
                "getGatewayClientAddress() must name the TLS connector that accepted the socket (SPEC §6.4),"
                        + " not the plain one at " + server.port());
        for (String message : List.of("over TLS", "\u00fcber TLS \u2713 \uD83D\uDE00", "x".repeat(20_000))) {
            socket.send(message);
            assertEquals(message, socket.next(), "echo over wss://");
        }
        socket.close();
        assertEquals(1000, socket.awaitClose(), "the server's answer to the client's 1000 over wss://");
        awaitPostServerOnce(List.of(id), WsClient.WAIT);
        assertEquals(1000, postCloseCode(id), "getCloseCode() in onPostServer");
        assertEquals(1, Probe.events(id, "read:7951"), () -> "read() after the client closed: " + Probe.events(id));
        assertTrue(socket.errors.isEmpty(), () -> "client errors: " + socket.errors);
        assertTrue(socket.messages.isEmpty(), () -> "unexpected messages: " + socket.messages);
    }

    /**
     * SPEC §8.2 over TLS: the same-origin check compares the Origin's scheme with the request's.
     * On the TLS connector {@code https://127.0.0.1:<port>} is accepted (and
     * {@code getRequestHeader("Origin")} returns it) and {@code http://127.0.0.1:<port>} is refused
     * with 403 before any page is created; on the plain connector the other way round.
     *
     * <p>If this test fails, check that the Origin policy takes the scheme from
     * {@code request.getScheme()} (not a fixed {@code http}, not the Host header alone).
     */
    @Test
    void theOriginCheckFollowsTheTlsScheme() throws Exception {
        String tlsOrigin = "https://127.0.0.1:" + tlsPort;
        WsClient sameOrigin = open("wss://127.0.0.1:" + tlsPort + PAGE, tlsOrigin);
        assertEquals(tlsOrigin, report(sameOrigin.next()).get("origin"), "getRequestHeader(\"Origin\") over wss://");
        sameOrigin.close();
        assertEquals(1000, sameOrigin.awaitClose());

        int before = Probe.counter("tls.pre");
        assertEquals(403, refusedStatus("wss://127.0.0.1:" + tlsPort + PAGE, "http://127.0.0.1:" + tlsPort),
                "Origin http://127.0.0.1:" + tlsPort + " on the TLS connector is cross-site (another scheme)");
        assertEquals(before, Probe.counter("tls.pre"), "a refused cross-site handshake must create no page");

        // The plain connector, the other way round: the check uses the request's own scheme.
        String plainOrigin = "http://127.0.0.1:" + server.port();
        WsClient plain = open("ws://127.0.0.1:" + server.port() + PAGE, plainOrigin);
        assertEquals(plainOrigin, report(plain.next()).get("origin"));
        plain.close();
        assertEquals(1000, plain.awaitClose());
        before = Probe.counter("tls.pre");
        assertEquals(403, refusedStatus("ws://127.0.0.1:" + server.port() + PAGE, "https://127.0.0.1:" + server.port()),
                "Origin https://127.0.0.1:" + server.port() + " on the plain connector is cross-site (another scheme)");
        assertEquals(before, Probe.counter("tls.pre"), "a refused cross-site handshake must create no page");
    }

    /** Opens a socket with the TLS-aware client and waits for the page's {@code id:} message. */
    private static WsClient open(String url, String origin) throws Exception {
        WsClient socket = new WsClient();
        WebSocket.Builder builder = client.newWebSocketBuilder().connectTimeout(WsClient.WAIT);
        if (origin != null) {
            builder.header("Origin", origin);
        }
        socket.socket = builder.buildAsync(URI.create(url), socket).get(WsClient.WAIT.toSeconds(), TimeUnit.SECONDS);
        socket.id.get(WsClient.WAIT.toSeconds(), TimeUnit.SECONDS);
        return socket;
    }

    /** @return the HTTP status with which the server refused the handshake */
    private static int refusedStatus(String url, String origin) throws Exception {
        CompletableFuture<WebSocket> pending = client.newWebSocketBuilder()
                .connectTimeout(WsClient.WAIT).header("Origin", origin).buildAsync(URI.create(url), new WsClient());
        try {
            WebSocket accepted = pending.get(WsClient.WAIT.toSeconds(), TimeUnit.SECONDS);
            accepted.abort();
            throw new AssertionError("the handshake to " + url + " with Origin " + origin + " was upgraded");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            while (!(cause instanceof WebSocketHandshakeException) && cause != null && cause.getCause() != null) {
                cause = cause.getCause();
            }
            if (cause instanceof WebSocketHandshakeException refused) {
                return refused.getResponse().statusCode();
            }
            throw new AssertionError("the handshake to " + url + " failed without an HTTP status: " + e.getCause(), e);
        }
    }

    private static Map<String, String> report(String message) {
        Map<String, String> values = new LinkedHashMap<>();
        for (String line : message.split("\n")) {
            int eq = line.indexOf('=');
            if (eq > 0) {
                values.put(line.substring(0, eq), line.substring(eq + 1));
            }
        }
        return values;
    }
}
