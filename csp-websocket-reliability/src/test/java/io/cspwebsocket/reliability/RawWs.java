package io.cspwebsocket.reliability;

import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A WebSocket client on a plain socket, for what well-behaved clients never do: frames with
 * invalid UTF-8 or lying lengths, messages cut off by a TCP reset (SO_LINGER 0, no close
 * frame), clients that go silent, and flooding with a small send buffer.
 */
final class RawWs implements Closeable {

    static final int TEXT = 0x1;
    static final int CONTINUATION = 0x0;
    static final int CLOSE = 0x8;
    static final int PING = 0x9;
    static final int PONG = 0xA;

    final Socket socket;
    final int status;
    /** The response head's fields, names in lower case, every value in order of arrival. */
    final Map<String, List<String>> headers;
    private final DataInputStream in;
    private final OutputStream out;
    private String id;

    private RawWs(Socket socket, int status, Map<String, List<String>> headers, DataInputStream in, OutputStream out) {
        this.socket = socket;
        this.status = status;
        this.headers = headers;
        this.in = in;
        this.out = out;
    }

    /**
     * Sends an upgrade request and reads the response head.
     *
     * @param sendBuffer SO_SNDBUF, or 0 for the default
     */
    static RawWs connect(int port, String path, Map<String, String> headers, int sendBuffer) throws IOException {
        return connect(port, path, headers, sendBuffer, 0);
    }

    /**
     * As {@link #connect(int, String, Map, int)}, with a small receive window when asked.
     *
     * @param receiveBuffer SO_RCVBUF, or 0 for the default
     */
    static RawWs connect(int port, String path, Map<String, String> headers, int sendBuffer, int receiveBuffer)
            throws IOException {
        Socket socket = new Socket();
        if (sendBuffer > 0) {
            socket.setSendBufferSize(sendBuffer);
        }
        if (receiveBuffer > 0) {
            socket.setReceiveBufferSize(receiveBuffer); // before connect, so the window scale follows
        }
        socket.connect(new InetSocketAddress("127.0.0.1", port), 10_000);
        socket.setSoTimeout(30_000);
        byte[] key = new byte[16];
        ThreadLocalRandom.current().nextBytes(key);
        StringBuilder request = new StringBuilder("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + port
                + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: "
                + Base64.getEncoder().encodeToString(key) + "\r\n");
        headers.forEach((name, value) -> request.append(name).append(": ").append(value).append("\r\n"));
        request.append("\r\n");
        OutputStream out = socket.getOutputStream();
        out.write(request.toString().getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
        return readHead(socket, out);
    }

    /**
     * Sends a request exactly as given (any method, path spelling and header, well-formed or not)
     * and reads the response head. A write that fails is not fatal: a server may answer an
     * oversized head and close before the client has finished sending it, and that answer is still
     * to be read.
     *
     * @param request the request's bytes, head and all
     * @throws IOException if the connection ends (or times out) before a whole response head
     */
    static RawWs exchange(int port, byte[] request, int timeoutMillis) throws IOException {
        Socket socket = new Socket();
        try {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 10_000);
            socket.setSoTimeout(timeoutMillis);
            OutputStream out = socket.getOutputStream();
            try {
                out.write(request);
                out.flush();
            } catch (IOException cutOff) {
                // read what the server said before it stopped reading, if anything
            }
            return readHead(socket, out);
        } catch (IOException | RuntimeException e) {
            socket.close();
            throw e;
        }
    }

    private static RawWs readHead(Socket socket, OutputStream out) throws IOException {
        DataInputStream in = new DataInputStream(socket.getInputStream());
        String statusLine = line(in);
        int status = Integer.parseInt(statusLine.split(" ")[1]);
        Map<String, List<String>> headers = new LinkedHashMap<>();
        for (String header = line(in); !header.isEmpty(); header = line(in)) {
            int colon = header.indexOf(':');
            if (colon > 0) {
                headers.computeIfAbsent(header.substring(0, colon).trim().toLowerCase(Locale.ROOT),
                        name -> new ArrayList<>()).add(header.substring(colon + 1).trim());
            }
        }
        return new RawWs(socket, status, headers, in, out);
    }

    /** @return every value of a response header (name in any case), empty when absent */
    List<String> header(String name) {
        return headers.getOrDefault(name.toLowerCase(Locale.ROOT), List.of());
    }

    static RawWs connect(int port, String path) throws IOException {
        return connect(port, path, Map.of(), 0);
    }

    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) != '\n') {
            if (b < 0) {
                throw new EOFException("connection closed in the response head");
            }
            if (b != '\r') {
                line.write(b);
            }
        }
        return line.toString(StandardCharsets.ISO_8859_1);
    }

    /** Reads the page's first message, {@code id:<WebSocketID>}. */
    String readId() throws IOException {
        if (id == null) {
            Frame frame = readFrame();
            String text = frame.text();
            if (!text.startsWith("id:")) {
                throw new IOException("expected the id, got " + text);
            }
            id = text.substring(3);
        }
        return id;
    }

    /** Sends one masked frame. */
    void frame(int opcode, boolean fin, byte[] payload) throws IOException {
        frameHeader(opcode, fin, payload.length);
        out.write(mask(payload));
        out.flush();
    }

    /** Sends only a frame's header and the first {@code sent} payload bytes of a frame of {@code length}. */
    void partialFrame(int opcode, int length, byte[] firstBytes) throws IOException {
        frameHeader(opcode, true, length);
        out.write(mask(firstBytes));
        out.flush();
    }

    private byte[] maskKey = new byte[4];

    private void frameHeader(int opcode, boolean fin, long length) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream(14);
        head.write((fin ? 0x80 : 0) | opcode);
        if (length < 126) {
            head.write(0x80 | (int) length);
        } else if (length < 65536) {
            head.write(0x80 | 126);
            head.write((int) (length >> 8));
            head.write((int) length);
        } else {
            head.write(0x80 | 127);
            for (int shift = 56; shift >= 0; shift -= 8) {
                head.write((int) (length >> shift));
            }
        }
        ThreadLocalRandom.current().nextBytes(maskKey);
        head.write(maskKey, 0, 4);
        out.write(head.toByteArray());
    }

    private byte[] mask(byte[] payload) {
        byte[] masked = new byte[payload.length];
        for (int i = 0; i < payload.length; i++) {
            masked[i] = (byte) (payload[i] ^ maskKey[i % 4]);
        }
        return masked;
    }

    void text(String message) throws IOException {
        frame(TEXT, true, message.getBytes(StandardCharsets.UTF_8));
    }

    /** A received frame; {@code head} is its first byte (FIN, RSV and opcode) as sent. */
    record Frame(int opcode, byte[] payload, int head) {
        Frame(int opcode, byte[] payload) {
            this(opcode, payload, 0x80 | opcode);
        }

        String text() {
            return new String(payload, StandardCharsets.UTF_8);
        }

        int closeCode() {
            return payload.length >= 2 ? ((payload[0] & 0xFF) << 8) | (payload[1] & 0xFF) : 1005;
        }
    }

    Frame readFrame() throws IOException {
        int b0 = in.readUnsignedByte();
        int b1 = in.readUnsignedByte();
        long length = b1 & 0x7F;
        if (length == 126) {
            length = in.readUnsignedShort();
        } else if (length == 127) {
            length = in.readLong();
        }
        byte[] payload = new byte[(int) length];
        in.readFully(payload);
        return new Frame(b0 & 0x0F, payload, b0);
    }

    /** Reads (answering nothing) until the server's close frame; -1 if the connection ends without one. */
    int awaitClose() throws IOException {
        try {
            while (true) {
                Frame frame = readFrame();
                if (frame.opcode() == CLOSE) {
                    return frame.closeCode();
                }
            }
        } catch (EOFException | SocketTimeoutException e) {
            return -1;
        } catch (IOException e) {
            return -2; // reset
        }
    }

    /** Kills the connection: RST, no close frame (SO_LINGER 0). */
    void reset() throws IOException {
        socket.setSoLinger(true, 0);
        socket.close();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
