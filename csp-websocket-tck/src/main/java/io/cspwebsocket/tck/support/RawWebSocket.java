package io.cspwebsocket.tck.support;

import io.cspwebsocket.tck.TckEnvironment;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * A minimal RFC 6455 client over a plain {@link Socket}, for what the JDK client cannot do: read
 * the headers of the 101 response (the session cookie, SPEC §7.1), send bytes that are not
 * valid UTF-8 in a text frame, stay silent instead of answering pings (§8.3), and send a ping
 * whose pong proves the server has taken every earlier frame (frames are handled in order).
 *
 * <p>It offers no extension (so frames are never compressed) and masks every frame it sends.
 * Reads wait at most the environment's timeout. Not thread-safe: one test thread drives it.
 * Internal TCK use only.
 */
public final class RawWebSocket implements AutoCloseable {

    /** Opcode of a continuation frame. */
    public static final int CONTINUATION = 0x0;
    /** Opcode of a text frame. */
    public static final int TEXT = 0x1;
    /** Opcode of a binary frame. */
    public static final int BINARY = 0x2;
    /** Opcode of a close frame. */
    public static final int CLOSE = 0x8;
    /** Opcode of a ping frame. */
    public static final int PING = 0x9;
    /** Opcode of a pong frame. */
    public static final int PONG = 0xA;

    private static final String ACCEPT_GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";
    private static final SecureRandom RANDOM = new SecureRandom();

    /**
     * The server's answer to the opening handshake.
     *
     * @param status the HTTP status (101 when upgraded)
     * @param headers the response headers, names case-insensitive, every value in order
     */
    public record Response(int status, Map<String, List<String>> headers) {

        /**
         * @param status the HTTP status
         * @param headers the headers; copied into a case-insensitive map
         */
        public Response {
            Map<String, List<String>> caseless = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
            headers.forEach((name, values) -> {
                if (name != null) {
                    caseless.put(name, List.copyOf(values));
                }
            });
            headers = java.util.Collections.unmodifiableMap(caseless);
        }

        /**
         * @param name a header name, any case
         * @return its values, in order; empty if absent
         */
        public List<String> headers(String name) {
            return headers.getOrDefault(name, List.of());
        }

        /**
         * The value a {@code Set-Cookie} header of this response gives a cookie.
         *
         * @param cookie the cookie name, e.g. {@code JSESSIONID}
         * @return the value, or {@code null} if no {@code Set-Cookie} sets it
         */
        public String setCookie(String cookie) {
            for (String header : headers("Set-Cookie")) {
                String pair = header.split(";", 2)[0].trim();
                int eq = pair.indexOf('=');
                if (eq > 0 && pair.substring(0, eq).trim().equals(cookie)) {
                    return pair.substring(eq + 1).trim();
                }
            }
            return null;
        }
    }

    /**
     * One frame the server sent.
     *
     * @param fin whether it ends its message
     * @param opcode the opcode
     * @param payload the (unmasked) payload
     */
    public record Frame(boolean fin, int opcode, byte[] payload) {

        /** @return the payload as UTF-8 text */
        public String text() {
            return new String(payload, StandardCharsets.UTF_8);
        }

        /** @return the close code of a close frame, 1005 if it carries none */
        public int closeCode() {
            return payload.length >= 2 ? ((payload[0] & 0xFF) << 8) | (payload[1] & 0xFF) : 1005;
        }

        /** @return the close reason of a close frame, {@code ""} if none */
        public String closeReason() {
            return payload.length > 2 ? new String(payload, 2, payload.length - 2, StandardCharsets.UTF_8) : "";
        }

        @Override
        public String toString() {
            String shown = switch (opcode) {
                case TEXT, CONTINUATION -> '"' + (payload.length <= 80 ? text() : text().substring(0, 77) + "...") + '"';
                case CLOSE -> closeCode() + " \"" + closeReason() + "\"";
                default -> payload.length + " bytes";
            };
            return "Frame[opcode=" + opcode + (fin ? ", fin" : "") + ", " + shown + "]";
        }
    }

    private final TckEnvironment env;
    private final URI uri;
    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private final Response response;
    private boolean answerPings = true;
    private int pingsSeen;
    private int truncatedCloseFrames;

    private RawWebSocket(TckEnvironment env, URI uri, Socket socket, InputStream in, OutputStream out, Response response) {
        this.env = env;
        this.uri = uri;
        this.socket = socket;
        this.in = in;
        this.out = out;
        this.response = response;
    }

    /**
     * Performs the opening handshake. The connection stays open only if the server answered
     * 101; otherwise only {@link #response()} is meaningful.
     *
     * @param env the timeouts
     * @param uri the {@code ws://} URI of the page
     * @param headers extra request headers (e.g. {@code Cookie}, {@code Origin})
     * @return the client
     * @throws AssertionError if the server cannot be reached, answers garbage or in time, or
     *         answers 101 with a wrong {@code Sec-WebSocket-Accept}
     */
    public static RawWebSocket handshake(TckEnvironment env, URI uri, Map<String, String> headers) {
        Objects.requireNonNull(uri, "uri");
        Socket socket = new Socket();
        try {
            socket.connect(new InetSocketAddress(uri.getHost(), uri.getPort()), (int) env.timeout().toMillis());
            socket.setSoTimeout((int) env.timeout().toMillis());
            socket.setTcpNoDelay(true);
            InputStream in = new BufferedInputStream(socket.getInputStream());
            OutputStream out = socket.getOutputStream();
            byte[] nonce = new byte[16];
            RANDOM.nextBytes(nonce);
            String key = Base64.getEncoder().encodeToString(nonce);
            String target = uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
            StringBuilder request = new StringBuilder()
                    .append("GET ").append(target).append(" HTTP/1.1\r\n")
                    .append("Host: ").append(uri.getHost()).append(':').append(uri.getPort()).append("\r\n")
                    .append("Upgrade: websocket\r\n")
                    .append("Connection: Upgrade\r\n")
                    .append("Sec-WebSocket-Key: ").append(key).append("\r\n")
                    .append("Sec-WebSocket-Version: 13\r\n");
            headers.forEach((name, value) -> request.append(name).append(": ").append(value).append("\r\n"));
            request.append("\r\n");
            out.write(request.toString().getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            Response response = readResponse(in, uri);
            RawWebSocket client = new RawWebSocket(env, uri, socket, in, out, response);
            if (response.status() != 101) {
                client.close();
                return client;
            }
            String accept = response.headers("Sec-WebSocket-Accept").stream().findFirst().orElse(null);
            if (!expectedAccept(key).equals(accept)) {
                client.close();
                throw new AssertionError("handshake to " + uri + ": Sec-WebSocket-Accept " + accept + " is wrong");
            }
            return client;
        } catch (SocketTimeoutException e) {
            closeQuietly(socket);
            throw new AssertionError("handshake to " + uri + " got no answer within " + env.timeout().toMillis() + " ms", e);
        } catch (IOException e) {
            closeQuietly(socket);
            throw new AssertionError("handshake to " + uri + " failed: " + e, e);
        }
    }

    private static Response readResponse(InputStream in, URI uri) throws IOException {
        RawHttp.Answer answer = RawHttp.readHead(in);
        if (answer.status() < 0) {
            throw new EOFException("connection closed before the response from " + uri);
        }
        return new Response(answer.status(), answer.headers());
    }

    private static String expectedAccept(String key) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-1")
                    .digest((key + ACCEPT_GUID).getBytes(StandardCharsets.ISO_8859_1));
            return Base64.getEncoder().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** @return the server's answer to the handshake */
    public Response response() {
        return response;
    }

    /** @return whether the server upgraded the connection (HTTP 101) */
    public boolean upgraded() {
        return response.status() == 101;
    }

    /**
     * @return the address this client connected from, as the server sees it without a proxy
     */
    public String localAddress() {
        return socket.getLocalAddress().getHostAddress();
    }

    /**
     * Whether the {@code await…} methods answer pings with pongs, as every compliant client does
     * (the default), or stay silent, like a dead peer behind a proxy.
     *
     * @param answer {@code false} to send nothing back
     * @return this client
     */
    public RawWebSocket answerPings(boolean answer) {
        this.answerPings = answer;
        return this;
    }

    /** @return how many pings the {@code await…} methods have seen so far */
    public int pingsSeen() {
        return pingsSeen;
    }

    /**
     * @return how many close frames arrived with their code but a cut reason (the server closed
     *         the TCP connection before the whole frame was written)
     */
    public int truncatedCloseFrames() {
        return truncatedCloseFrames;
    }

    // ------------------------------------------------------------------ sending

    /**
     * Sends one frame, masked as a client must.
     *
     * @param fin whether it ends its message
     * @param opcode the opcode
     * @param payload the payload, sent as is (for text frames, whatever bytes the test wants)
     */
    public void sendFrame(boolean fin, int opcode, byte[] payload) {
        byte[] mask = new byte[4];
        RANDOM.nextBytes(mask);
        ByteBuffer frame = ByteBuffer.allocate(14 + payload.length);
        frame.put((byte) ((fin ? 0x80 : 0) | opcode));
        if (payload.length < 126) {
            frame.put((byte) (0x80 | payload.length));
        } else if (payload.length < 65536) {
            frame.put((byte) (0x80 | 126)).putShort((short) payload.length);
        } else {
            frame.put((byte) (0x80 | 127)).putLong(payload.length);
        }
        frame.put(mask);
        for (int i = 0; i < payload.length; i++) {
            frame.put((byte) (payload[i] ^ mask[i % 4]));
        }
        try {
            out.write(frame.array(), 0, frame.position());
            out.flush();
        } catch (IOException e) {
            throw new AssertionError("send to " + uri + " failed: " + e, e);
        }
    }

    /**
     * Sends one whole text message.
     *
     * @param text the message
     */
    public void sendText(String text) {
        sendFrame(true, TEXT, text.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Sends one whole binary message.
     *
     * @param bytes the message
     */
    public void sendBinary(byte[] bytes) {
        sendFrame(true, BINARY, bytes);
    }

    /**
     * Sends a ping.
     *
     * @param payload the application data (at most 125 bytes)
     */
    public void sendPing(byte[] payload) {
        sendFrame(true, PING, payload);
    }

    /**
     * Sends a close frame.
     *
     * @param code the close code
     * @param reason the reason
     */
    public void sendClose(int code, String reason) {
        byte[] text = reason.getBytes(StandardCharsets.UTF_8);
        byte[] payload = new byte[2 + text.length];
        payload[0] = (byte) (code >> 8);
        payload[1] = (byte) code;
        System.arraycopy(text, 0, payload, 2, text.length);
        sendFrame(true, CLOSE, payload);
    }

    // ------------------------------------------------------------------ receiving

    /**
     * Reads the next frame as it comes: pings are counted (and answered if so set) but also
     * returned.
     *
     * @param limit how long to wait
     * @return the frame
     * @throws AssertionError if none arrives in time or the connection ends without a close frame
     */
    public Frame nextFrame(Duration limit) {
        try {
            socket.setSoTimeout((int) Math.max(1, limit.toMillis()));
            int b0 = readByte();
            int b1 = readByte();
            long length = b1 & 0x7F;
            if (length == 126) {
                length = ((long) readByte() << 8) | readByte();
            } else if (length == 127) {
                length = 0;
                for (int i = 0; i < 8; i++) {
                    length = (length << 8) | readByte();
                }
            }
            if (length > 16L * 1024 * 1024) {
                throw new AssertionError("frame of " + length + " bytes from " + uri);
            }
            byte[] mask = null;
            if ((b1 & 0x80) != 0) {
                mask = in.readNBytes(4);
            }
            byte[] payload = in.readNBytes((int) length);
            if (payload.length != length) {
                if ((b0 & 0x0F) == CLOSE && payload.length >= 2 && mask == null) {
                    // The code is complete; only the reason was cut (seen on a container that closed
                    // the TCP connection while its close frame was still being written).
                    truncatedCloseFrames++;
                } else {
                    throw new AssertionError("connection to " + uri + " ended inside a frame (opcode " + (b0 & 0x0F)
                            + ", " + payload.length + " of " + length + " payload bytes arrived: "
                            + java.util.HexFormat.of().formatHex(payload) + ")");
                }
            }
            if (mask != null) {
                for (int i = 0; i < payload.length; i++) {
                    payload[i] ^= mask[i % 4];
                }
            }
            Frame frame = new Frame((b0 & 0x80) != 0, b0 & 0x0F, payload);
            if (frame.opcode() == PING) {
                pingsSeen++;
                if (answerPings) {
                    sendFrame(true, PONG, payload);
                }
            }
            return frame;
        } catch (SocketTimeoutException e) {
            throw new AssertionError("no frame from " + uri + " within " + limit.toMillis() + " ms");
        } catch (IOException e) {
            throw new AssertionError("reading from " + uri + " failed: " + e, e);
        }
    }

    private int readByte() throws IOException {
        int b = in.read();
        if (b < 0) {
            throw new EOFException("the server closed the TCP connection to " + uri + " without a close frame");
        }
        return b;
    }

    /**
     * Takes the next message or close, skipping pings and pongs, joining continuation frames.
     *
     * @return a whole text or binary message (as one frame with {@code fin}), or a close frame
     */
    public Frame next() {
        long deadline = System.nanoTime() + env.timeout().toNanos();
        ByteArrayOutputStream parts = null;
        int opcode = -1;
        for (;;) {
            Frame frame = nextFrame(remaining(deadline));
            switch (frame.opcode()) {
                case PING, PONG -> {
                    continue;
                }
                case CLOSE -> {
                    return frame;
                }
                case TEXT, BINARY -> {
                    if (frame.fin()) {
                        return frame;
                    }
                    parts = new ByteArrayOutputStream();
                    parts.writeBytes(frame.payload());
                    opcode = frame.opcode();
                }
                case CONTINUATION -> {
                    if (parts == null) {
                        throw new AssertionError("continuation without a message from " + uri);
                    }
                    parts.writeBytes(frame.payload());
                    if (frame.fin()) {
                        return new Frame(true, opcode, parts.toByteArray());
                    }
                }
                default -> throw new AssertionError("unexpected frame from " + uri + ": " + frame);
            }
        }
    }

    /**
     * Takes the next message, which must be text.
     *
     * @return the text
     * @throws AssertionError otherwise
     */
    public String awaitText() {
        Frame frame = next();
        if (frame.opcode() != TEXT) {
            throw new AssertionError("expected a text message from " + uri + " but got " + frame);
        }
        return frame.text();
    }

    /**
     * Waits for the close frame, skipping pings and pongs; any message is a failure.
     *
     * @return the close frame
     * @throws AssertionError if a message comes first or nothing in time
     */
    public Frame awaitClose() {
        return awaitClose(env.timeout());
    }

    /**
     * Waits for the close frame, skipping pings and pongs; any message is a failure.
     *
     * @param limit how long to wait
     * @return the close frame
     * @throws AssertionError if a message comes first or nothing in time
     */
    public Frame awaitClose(Duration limit) {
        long deadline = System.nanoTime() + limit.toNanos();
        for (;;) {
            Frame frame = nextFrame(remaining(deadline));
            if (frame.opcode() == CLOSE) {
                return frame;
            }
            if (frame.opcode() != PING && frame.opcode() != PONG) {
                throw new AssertionError("expected the server to close " + uri + " but got " + frame);
            }
        }
    }

    /**
     * Waits for a pong, skipping pings; any message or close is a failure.
     *
     * @return the pong's payload
     */
    public byte[] awaitPong() {
        long deadline = System.nanoTime() + env.timeout().toNanos();
        for (;;) {
            Frame frame = nextFrame(remaining(deadline));
            if (frame.opcode() == PONG) {
                return frame.payload();
            }
            if (frame.opcode() != PING) {
                throw new AssertionError("expected a pong from " + uri + " but got " + frame);
            }
        }
    }

    /**
     * Sends a ping and waits for its pong: the server has then taken every frame sent before
     * the ping (RFC 6455 frames are processed in order).
     */
    public void roundTrip() {
        byte[] payload = new byte[8];
        RANDOM.nextBytes(payload);
        sendPing(payload);
        byte[] pong = awaitPong();
        if (!java.util.Arrays.equals(payload, pong)) {
            throw new AssertionError("pong from " + uri + " does not echo the ping's payload");
        }
    }

    private static Duration remaining(long deadline) {
        return Duration.ofNanos(Math.max(1_000_000, deadline - System.nanoTime()));
    }

    /** Drops the TCP connection (no close handshake). */
    @Override
    public void close() {
        closeQuietly(socket);
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // nothing left to release
        }
    }

    @Override
    public String toString() {
        return "RawWebSocket[" + uri + ", HTTP " + response.status() + "]";
    }
}
