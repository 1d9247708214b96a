package io.cspwebsocket.demo;

import io.cspwebsocket.CspStatus;
import io.cspwebsocket.CspWebSocket;
import io.cspwebsocket.CspWebSocketHandle;
import io.cspwebsocket.ReadResult;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * The other half of the article's {@code PHA.COM.WebSocket} example: the code that takes a saved
 * WebSocket id and opens the socket with {@code OpenServer} to {@code Write}, {@code Read} or
 * {@code EndServer}. In the article that is ObjectScript run by any process of the application:
 * <pre>
 * Set WebSocketID = MYAPP.RETRIEVE()
 * Set ws=##class(%CSP.WebSocket).%New()
 * Set %status = ws.OpenServer(WebSocketID)
 * Set %status=ws.Write(message)
 * Set data=ws.Read(.len, .%status, timeout)
 * Set %status=ws.EndServer()
 * </pre>
 * Here it is a plain servlet, so that a browser, {@code curl} or a test can drive it. It works on
 * the sockets of {@link PhaComWebSocket} only:
 * <ul>
 *   <li>{@code GET /dthealth/sockets}: the live ids, one per line: {@code MYAPP.RETRIEVE()} and the
 *       global of saved ids, replaced by {@link CspWebSocket#openIds(Class)};</li>
 *   <li>{@code POST /dthealth/sockets/write}, form parameters {@code id} and {@code message}:
 *       {@code openServer(id).write(message)}; answers the status, e.g. {@code OK} or
 *       {@code ERROR #7951: WebSocket is closed}. Without {@code id} the message goes to every
 *       socket through {@link CspWebSocket#broadcast(Class, String)}, and the answer is
 *       {@code accepted by N socket(s)};</li>
 *   <li>{@code POST /dthealth/sockets/read}, form parameters {@code id}, {@code len} (optional;
 *       default and below 1: 32656) and {@code timeout} (optional, in seconds, 0 to
 *       {@value #MAX_READ_TIMEOUT_SECONDS}; default {@value #DEFAULT_READ_TIMEOUT_SECONDS}):
 *       {@code openServer(id).read(len, timeout)}; answers three parts, one per line: the status,
 *       {@code len=<length read> atEnd=<1 or 0>}, then the data as it came (it may span lines);</li>
 *   <li>{@code POST /dthealth/sockets/end}, form parameter {@code id}:
 *       {@code openServer(id).endServer()}; answers the status.</li>
 * </ul>
 * A stale id answers {@code ERROR #7951}, a malformed one {@code ERROR #5001}: the library
 * detects both. The id of a live socket of another page gets 404, a missing or invalid parameter
 * 400, a read while another request reads the same socket 409, and other methods 405.
 *
 * <p>This is a demo: like {@link ChatAdminServlet}, it has no authentication, and it lists ids
 * that give control over the sockets. A real application would restrict it (a security
 * constraint, a role check) and protect it against cross-site requests.
 */
@WebServlet(name = "PhaSocketsServlet", urlPatterns = {PhaSocketsServlet.PATH, PhaSocketsServlet.PATH + "/*"})
public class PhaSocketsServlet extends HttpServlet {

    /** The servlet's path below the context root. */
    public static final String PATH = "/dthealth/sockets";

    /** The longest read timeout a request may ask for, in seconds: a read holds a request thread. */
    public static final int MAX_READ_TIMEOUT_SECONDS = 60;

    /** The read timeout of a request that gives none, in seconds. */
    public static final int DEFAULT_READ_TIMEOUT_SECONDS = 5;

    private static final long serialVersionUID = 1L;

    /** Created by the container. */
    public PhaSocketsServlet() {
    }

    /**
     * {@code GET /dthealth/sockets}: the live ids of {@code PHA.COM.WebSocket}, one per line.
     *
     * @param request the request
     * @param response {@code text/plain}: the ids
     * @throws IOException if the response cannot be written
     */
    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String operation = request.getPathInfo();
        if (operation != null && !operation.equals("/")) {
            refuseMethod(response, operation);
            return;
        }
        StringBuilder ids = new StringBuilder();
        for (String id : CspWebSocket.openIds(PhaComWebSocket.class)) {
            ids.append(id).append('\n');
        }
        answer(response, HttpServletResponse.SC_OK, ids.toString());
    }

    /**
     * {@code POST /dthealth/sockets/write}, {@code …/read} or {@code …/end}.
     *
     * @param request the request, with the form parameters of the operation
     * @param response {@code text/plain}: the outcome
     * @throws IOException if the response cannot be written
     */
    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        // Form bodies are ISO-8859-1 unless told otherwise; browsers send UTF-8.
        if (request.getCharacterEncoding() == null) {
            request.setCharacterEncoding(StandardCharsets.UTF_8.name());
        }
        String operation = request.getPathInfo() == null ? "/" : request.getPathInfo();
        switch (operation) {
            case "/write" -> write(request, response);
            case "/read" -> read(request, response);
            case "/end" -> end(request, response);
            case "/" -> refuseMethod(response, operation);
            default -> answer(response, HttpServletResponse.SC_NOT_FOUND, "no such operation: " + operation + "\n");
        }
    }

    private static void write(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String message = request.getParameter("message");
        if (message == null) {
            answer(response, HttpServletResponse.SC_BAD_REQUEST, "parameter 'message' is required\n");
            return;
        }
        String id = request.getParameter("id");
        if (id == null || id.isEmpty()) {
            int accepted = CspWebSocket.broadcast(PhaComWebSocket.class, message);
            answer(response, HttpServletResponse.SC_OK, "accepted by " + accepted + " socket(s)\n");
            return;
        }
        CspWebSocketHandle ws = open(id, response);
        if (ws != null) {
            CspStatus status = ws.write(message);
            answer(response, HttpServletResponse.SC_OK, statusText(status) + "\n");
        }
    }

    private static void read(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Integer len = intParameter(request, "len", CspWebSocket.DEFAULT_READ_LENGTH, Integer.MIN_VALUE, Integer.MAX_VALUE);
        Integer timeout = intParameter(request, "timeout", DEFAULT_READ_TIMEOUT_SECONDS, 0, MAX_READ_TIMEOUT_SECONDS);
        if (len == null || timeout == null) {
            answer(response, HttpServletResponse.SC_BAD_REQUEST,
                    "'len' must be a number; 'timeout' a number of seconds from 0 to " + MAX_READ_TIMEOUT_SECONDS + "\n");
            return;
        }
        CspWebSocketHandle ws = open(request.getParameter("id"), response);
        if (ws == null) {
            return;
        }
        ReadResult r;
        try {
            r = ws.read(len, Duration.ofSeconds(timeout));
        } catch (IllegalStateException e) {
            // read is for one thread at a time: another request is reading this socket.
            answer(response, HttpServletResponse.SC_CONFLICT, "another request is reading this socket\n");
            return;
        }
        // IRIS passes len back by reference: here it is the length of what was read.
        answer(response, HttpServletResponse.SC_OK, statusText(r.status()) + "\n"
                + "len=" + r.data().length() + " atEnd=" + (r.atEnd() ? 1 : 0) + "\n"
                + r.data());
    }

    private static void end(HttpServletRequest request, HttpServletResponse response) throws IOException {
        CspWebSocketHandle ws = open(request.getParameter("id"), response);
        if (ws != null) {
            CspStatus status = ws.endServer();
            answer(response, HttpServletResponse.SC_OK, statusText(status) + "\n");
        }
    }

    /**
     * {@code openServer(id)}: the article's {@code ws.OpenServer(WebSocketID)}. Answers 400 for a
     * missing id and 404 for a live socket of another page, and then returns {@code null}. A stale
     * or malformed id gives a handle whose every call answers 7951 or 5001.
     */
    private static CspWebSocketHandle open(String id, HttpServletResponse response) throws IOException {
        if (id == null || id.isEmpty()) {
            answer(response, HttpServletResponse.SC_BAD_REQUEST, "parameter 'id' is required\n");
            return null;
        }
        CspWebSocketHandle ws = CspWebSocket.openServer(id);
        if (ws.status().isOk() && !CspWebSocket.openIds(PhaComWebSocket.class).contains(id)) {
            answer(response, HttpServletResponse.SC_NOT_FOUND, "not a PHA.COM.WebSocket socket\n");
            return null;
        }
        return ws;
    }

    /** A status as IRIS {@code $System.Status.GetErrorText} shows it: {@code OK} or {@code ERROR #7951: …}. */
    static String statusText(CspStatus status) {
        return status.isOk() ? "OK" : "ERROR #" + status.code() + ": " + status.message();
    }

    /** The parameter as a number from {@code min} to {@code max}, {@code fallback} if absent; {@code null} if invalid. */
    private static Integer intParameter(HttpServletRequest request, String name, int fallback, int min, int max) {
        String value = request.getParameter(name);
        if (value == null || value.isEmpty()) {
            return fallback;
        }
        try {
            int number = Integer.parseInt(value);
            return number < min || number > max ? null : number;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static void refuseMethod(HttpServletResponse response, String operation) throws IOException {
        response.setHeader("Allow", operation.equals("/") ? "GET" : "POST");
        answer(response, HttpServletResponse.SC_METHOD_NOT_ALLOWED, "method not allowed\n");
    }

    private static void answer(HttpServletResponse response, int status, String text) throws IOException {
        response.setStatus(status);
        response.setContentType("text/plain");
        response.setCharacterEncoding(StandardCharsets.UTF_8.name());
        response.getWriter().write(text);
    }
}
