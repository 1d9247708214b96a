package io.cspwebsocket.tck.support;

import io.cspwebsocket.tck.TckEnvironment;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Sends one hand-written HTTP/1.1 request, byte for byte, and reads the status line and headers
 * of the answer: for handshakes that no WebSocket client would send (a path spelled with
 * {@code ;x=1} or {@code %2E}, a missing key, a wrong version, POST) (SPEC §8.3). The socket is
 * closed after the headers, whatever the answer, so an accidental 101 leaves nothing open.
 * Internal TCK use only.
 */
public final class RawHttp {

    /** A valid {@code Sec-WebSocket-Key}: base64 of 16 bytes. */
    public static final String KEY = "dGhlIHNhbXBsZSBub25jZQ==";

    /**
     * The answer's head.
     *
     * @param status the HTTP status, or -1 if the server closed the connection without one
     * @param headers the headers, names case-insensitive
     */
    public record Answer(int status, Map<String, List<String>> headers) {

        /**
         * @param name a header name
         * @return its values; empty if absent
         */
        public List<String> header(String name) {
            List<String> values = headers.get(name);
            return values == null ? List.of() : values;
        }

        /** @return whether the answer sets a cookie (a session was created) */
        public boolean setsCookie() {
            return !header("Set-Cookie").isEmpty();
        }
    }

    private RawHttp() {
    }

    /**
     * The lines of a valid opening handshake for a target, to edit before sending.
     *
     * @param target the request target as sent, e.g. {@code /ctx/csp/user/TCK.Echo.cls;x=1?t=abc}
     * @param hostPort the {@code Host} header value
     * @return {@code GET target HTTP/1.1}, Host, Upgrade, Connection, Sec-WebSocket-Key and
     *         Sec-WebSocket-Version 13, one element a line, without line ends
     */
    public static List<String> handshake(String target, String hostPort) {
        return new ArrayList<>(List.of("GET " + target + " HTTP/1.1", "Host: " + hostPort, "Upgrade: websocket",
                "Connection: Upgrade", "Sec-WebSocket-Key: " + KEY, "Sec-WebSocket-Version: 13"));
    }

    /**
     * Sends the lines, each ended by CRLF, then an empty line, and reads the answer's head.
     *
     * @param env the timeouts
     * @param host the server's host
     * @param port the server's port
     * @param lines the request line and the headers
     * @return the status and headers
     * @throws AssertionError if the server cannot be reached or does not answer in time
     */
    public static Answer send(TckEnvironment env, String host, int port, List<String> lines) {
        StringBuilder request = new StringBuilder();
        lines.forEach(line -> request.append(line).append("\r\n"));
        request.append("\r\n");
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), (int) env.timeout().toMillis());
            socket.setSoTimeout((int) env.timeout().toMillis());
            socket.getOutputStream().write(request.toString().getBytes(StandardCharsets.ISO_8859_1));
            socket.getOutputStream().flush();
            return readHead(socket.getInputStream());
        } catch (SocketTimeoutException e) {
            throw new AssertionError("no answer within " + env.timeout().toMillis() + " ms to " + lines.get(0), e);
        } catch (IOException e) {
            throw new AssertionError("request " + lines.get(0) + " failed: " + e, e);
        }
    }

    /**
     * Reads a response's status line and headers, up to the empty line.
     *
     * @param in the connection's input
     * @return the head; status -1 if the connection closed before any byte
     * @throws IOException if it is not HTTP, exceeds 64 KiB, or the read fails
     */
    static Answer readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        byte[] end = {'\r', '\n', '\r', '\n'};
        int matched = 0;
        while (matched < 4) {
            int b = in.read();
            if (b < 0) {
                if (head.size() == 0) {
                    return new Answer(-1, Map.of());
                }
                break;
            }
            head.write(b);
            matched = b == end[matched] ? matched + 1 : (b == '\r' ? 1 : 0);
            if (head.size() > 65536) {
                throw new IOException("answer headers exceed 64 KiB");
            }
        }
        String[] lines = head.toString(StandardCharsets.ISO_8859_1).split("\r\n");
        String[] statusLine = lines[0].split(" ", 3);
        if (statusLine.length < 2 || !statusLine[0].startsWith("HTTP/")) {
            throw new IOException("not an HTTP status line: " + lines[0]);
        }
        Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            if (colon > 0) {
                headers.computeIfAbsent(lines[i].substring(0, colon).trim(), k -> new ArrayList<>())
                        .add(lines[i].substring(colon + 1).trim());
            }
        }
        return new Answer(Integer.parseInt(statusLine[1]), headers);
    }
}
