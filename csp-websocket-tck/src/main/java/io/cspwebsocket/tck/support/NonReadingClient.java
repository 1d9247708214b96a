package io.cspwebsocket.tck.support;

import io.cspwebsocket.tck.TckEnvironment;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * A WebSocket client that completes the handshake over a plain {@link Socket} and then never
 * reads again, with the smallest receive buffer the system allows: the server's writes to it
 * stall once the TCP buffers are full (SPEC §4.3, §4.4). The JDK client cannot stand in for it:
 * it keeps reading into its own buffers even when the application asks for nothing.
 *
 * <p>It offers no extension, so what the server writes is never compressed. Internal TCK use
 * only.
 */
public final class NonReadingClient implements AutoCloseable {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final Socket socket;

    private NonReadingClient(Socket socket) {
        this.socket = socket;
    }

    /**
     * Opens the connection and reads the handshake's response, nothing more.
     *
     * @param env the timeouts
     * @param uri the {@code ws://} URI of the page
     * @return the upgraded client
     * @throws AssertionError if the server does not answer 101 in time
     */
    public static NonReadingClient connect(TckEnvironment env, URI uri) {
        Socket socket = new Socket();
        try {
            socket.setReceiveBufferSize(4096); // before connect, so the window stays small
            socket.connect(new InetSocketAddress(uri.getHost(), uri.getPort()), (int) env.timeout().toMillis());
            socket.setSoTimeout((int) env.timeout().toMillis());
            byte[] nonce = new byte[16];
            RANDOM.nextBytes(nonce);
            String target = uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
            String request = "GET " + target + " HTTP/1.1\r\n"
                    + "Host: " + uri.getHost() + ":" + uri.getPort() + "\r\n"
                    + "Upgrade: websocket\r\n"
                    + "Connection: Upgrade\r\n"
                    + "Sec-WebSocket-Key: " + Base64.getEncoder().encodeToString(nonce) + "\r\n"
                    + "Sec-WebSocket-Version: 13\r\n\r\n";
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            String head = readHead(socket.getInputStream());
            if (!head.startsWith("HTTP/1.1 101")) {
                throw new AssertionError("handshake to " + uri + " was answered " + head.lines().findFirst().orElse(head));
            }
            return new NonReadingClient(socket);
        } catch (IOException e) {
            closeQuietly(socket);
            throw new AssertionError("handshake to " + uri + " failed: " + e, e);
        } catch (RuntimeException | Error e) {
            closeQuietly(socket);
            throw e;
        }
    }

    /** Reads byte by byte up to the blank line, so that nothing after the headers is consumed. */
    private static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        while (matched < 4) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("connection closed in the response headers: " + head);
            }
            head.write(b);
            matched = b == "\r\n\r\n".charAt(matched) ? matched + 1 : (b == '\r' ? 1 : 0);
        }
        return head.toString(StandardCharsets.ISO_8859_1);
    }

    /** Drops the TCP connection. */
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
}
