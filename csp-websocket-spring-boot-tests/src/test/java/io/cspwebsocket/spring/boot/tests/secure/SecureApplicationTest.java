package io.cspwebsocket.spring.boot.tests.secure;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cspwebsocket.spring.boot.tests.WsClient;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.core.env.Environment;

/**
 * Spring Security in front of a page: the handshake passes through the security filter chain,
 * {@code onPreServer} sees the authenticated principal and its roles, and a handshake that the
 * chain refuses runs no page code at all (not even the page's constructor).
 */
@SpringBootTest(classes = SecureApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class SecureApplicationTest {

    private static final String PAGE = "/csp/secure/Spring.WhoAmI.cls";
    private static final Pattern CSRF = Pattern.compile("name=\"_csrf\"[^>]*value=\"([^\"]+)\"");
    private static final Pattern SESSION = Pattern.compile("JSESSIONID=([^;]+)");

    @Autowired
    private Environment environment;
    @Autowired
    private HandshakeLog log;

    private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    private String base(String scheme) {
        return scheme + "://127.0.0.1:" + environment.getProperty("local.server.port");
    }

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void httpBasicPrincipalAndRolesReachOnPreServer() throws Exception {
        try (WsClient client = WsClient.connect(base("ws") + PAGE, Map.of("Authorization", basic("alice", "alice-pw")))) {
            assertEquals("alice|USER=true|ADMIN=false", client.next());
            assertEquals("alice|USER=true|ADMIN=false", client.next(), "roles asked in onPreServer are remembered");
            assertEquals("AUDITOR=true|GUEST=false", client.next(), "a role first asked after the handshake is answered from the authorities");
            assertEquals(1000, client.awaitClose());
        }
    }

    @Test
    void unauthenticatedOrForbiddenHandshakesRunNoPageCode() throws Exception {
        int before = log.size();
        int anonymous = WsClient.handshakeStatus(base("ws") + PAGE, Map.of());
        assertEquals(401, anonymous, "anonymous");
        assertEquals(401, WsClient.handshakeStatus(base("ws") + PAGE, Map.of("Authorization", basic("alice", "wrong"))));
        assertEquals(403, WsClient.handshakeStatus(base("ws") + PAGE, Map.of("Authorization", basic("guest", "guest-pw"))));
        assertEquals(before, log.size(), "no page code ran: " + log.entries());
    }

    @Test
    void formLoginSessionCookieAuthenticatesTheHandshake() throws Exception {
        HttpResponse<String> loginPage = http.send(HttpRequest.newBuilder(URI.create(base("http") + "/login")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, loginPage.statusCode());
        Matcher csrf = CSRF.matcher(loginPage.body());
        assertTrue(csrf.find(), loginPage.body());
        String form = "username=alice&password=alice-pw&_csrf=" + URLEncoder.encode(csrf.group(1), StandardCharsets.UTF_8);
        HttpResponse<String> login = http.send(HttpRequest.newBuilder(URI.create(base("http") + "/login"))
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .header("Cookie", "JSESSIONID=" + sessionOf(loginPage))
                        .POST(HttpRequest.BodyPublishers.ofString(form)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(302, login.statusCode());
        assertTrue(login.headers().firstValue("Location").orElse("").endsWith("/"),
                "logged in, not sent back to the form: " + login.headers().map());
        String session = sessionOf(login); // Spring Security changes the session id at login
        try (WsClient client = WsClient.connect(base("ws") + PAGE, Map.of("Cookie", "JSESSIONID=" + session))) {
            assertEquals("alice|USER=true|ADMIN=false", client.next());
            assertEquals(1000, client.awaitClose());
        }
        int before = log.size();
        int status = WsClient.handshakeStatus(base("ws") + PAGE, Map.of("Cookie", "JSESSIONID=not-a-session"));
        assertEquals(401, status, "unknown session");
        assertEquals(before, log.size(), "no page code ran: " + log.entries());
    }

    private static String sessionOf(HttpResponse<?> response) {
        for (String cookie : response.headers().allValues("Set-Cookie")) {
            Matcher session = SESSION.matcher(cookie);
            if (session.find()) {
                return session.group(1);
            }
        }
        throw new AssertionError("no session cookie in " + response.headers().map());
    }
}
