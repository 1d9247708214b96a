package io.cspwebsocket.tck.support;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.cspwebsocket.tck.TckEnvironment;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.StringJoiner;

/**
 * Drives the TCK's {@code SessionServlet} ({@code <context>/tck/session}) as an application's
 * login and logout servlets would: creates, reads, changes and ends HTTP sessions by cookie.
 */
public final class SessionServletClient {

    /** The session cookie of the Servlet specification. */
    public static final String COOKIE = "JSESSIONID";

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final TckEnvironment env;
    private final URI endpoint;

    /**
     * @param env the kit's environment (timeouts)
     * @param contextRoot the deployment's root, ending in {@code /}
     */
    public SessionServletClient(TckEnvironment env, URI contextRoot) {
        this.env = env;
        this.endpoint = contextRoot.resolve("tck/session");
    }

    /**
     * One answer of the servlet.
     *
     * @param status the HTTP status
     * @param body the answer
     * @param newSessionId the {@code JSESSIONID} its {@code Set-Cookie} set, or {@code null}
     */
    public record Answer(int status, String body, String newSessionId) {
    }

    /**
     * Calls the servlet with a session cookie.
     *
     * @param sessionId the {@code JSESSIONID} to send, or {@code null} for none
     * @param params name, value, name, value…
     * @return the answer (HTTP 200 required)
     */
    public Answer call(String sessionId, String... params) {
        StringJoiner form = new StringJoiner("&");
        for (int i = 0; i < params.length; i += 2) {
            form.add(URLEncoder.encode(params[i], StandardCharsets.UTF_8) + "="
                    + URLEncoder.encode(params[i + 1], StandardCharsets.UTF_8));
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(endpoint)
                .timeout(env.timeout())
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form.toString()));
        if (sessionId != null) {
            request.header("Cookie", COOKIE + "=" + sessionId);
        }
        try {
            HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new AssertionError(endpoint + " answered HTTP " + response.statusCode() + " to " + form
                        + ": " + response.body());
            }
            RawWebSocket.Response headers = new RawWebSocket.Response(response.statusCode(), response.headers().map());
            return new Answer(response.statusCode(), response.body(), headers.setCookie(COOKIE));
        } catch (IOException e) {
            throw new AssertionError(endpoint + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    /**
     * Creates an HTTP session (as a login page would).
     *
     * @param params extra parameters of {@code op=create} ({@code interval}, {@code name}, {@code value})
     * @return the new session's id
     */
    public String create(String... params) {
        String[] all = new String[params.length + 2];
        all[0] = "op";
        all[1] = "create";
        System.arraycopy(params, 0, all, 2, params.length);
        Answer answer = call(null, all);
        assertEquals(answer.body(), answer.newSessionId(), "the servlet's session cookie");
        return answer.body();
    }
}
