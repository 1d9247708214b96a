package io.cspwebsocket.reliability;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;

/**
 * Reads a {@code Rel.Pusher} socket over a raw socket and checks every frame byte for byte:
 * unfragmented text frames {@code #n:} followed by {@code size} times {@code x}, in order, then
 * a close frame. Unlike the JDK client, which fails the whole socket with a bare
 * {@code ProtocolException}, a bad frame is reported with its header and its first bytes.
 */
final class CheckedReader {

    private final RawWs socket;
    private final int size;
    private final long count;
    /** Completes with the close code, or exceptionally with what was wrong and where. */
    final CompletableFuture<Integer> done = new CompletableFuture<>();

    private CheckedReader(RawWs socket, int size, long count) {
        this.socket = socket;
        this.size = size;
        this.count = count;
    }

    /** Connects to {@code Rel.Pusher} and reads it on a thread of its own. */
    static CheckedReader start(int port, int size, long count) throws IOException {
        RawWs socket = RawWs.connect(port, "/csp/user/Rel.Pusher.cls?size=" + size + "&count=" + count);
        socket.readId();
        CheckedReader reader = new CheckedReader(socket, size, count);
        Thread thread = new Thread(reader::run, "checked-reader " + socket.readId());
        thread.setDaemon(true);
        thread.start();
        return reader;
    }

    private void run() {
        long received = 0;
        try {
            while (true) {
                RawWs.Frame frame = socket.readFrame();
                if (frame.opcode() == RawWs.PING || frame.opcode() == RawWs.PONG) {
                    continue;
                }
                if (frame.opcode() == RawWs.CLOSE) {
                    if (received != count) {
                        throw new IOException("close " + frame.closeCode() + " after " + received + " of " + count);
                    }
                    done.complete(frame.closeCode());
                    return;
                }
                String expected = "#" + received + ":";
                byte[] payload = frame.payload();
                if (frame.head() != 0x81 || payload.length != expected.length() + size
                        || !new String(payload, 0, expected.length(), StandardCharsets.ISO_8859_1).equals(expected)
                        || !allX(payload, expected.length())) {
                    throw new IOException("bad frame at message " + received + ": head 0x" + Integer.toHexString(frame.head())
                            + ", " + payload.length + " bytes, first bytes " + hex(payload, 48));
                }
                received++;
            }
        } catch (IOException | RuntimeException e) {
            done.completeExceptionally(new AssertionError("socket " + safeId() + ": " + e, e));
        } finally {
            try {
                socket.close();
            } catch (IOException ignored) {
                // closing a finished socket
            }
        }
    }

    private String safeId() {
        try {
            return socket.readId();
        } catch (IOException e) {
            return "?";
        }
    }

    private static boolean allX(byte[] payload, int from) {
        for (int i = from; i < payload.length; i++) {
            if (payload[i] != 'x') {
                return false;
            }
        }
        return true;
    }

    private static String hex(byte[] bytes, int max) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < Math.min(max, bytes.length); i++) {
            out.append(String.format("%02x", bytes[i]));
        }
        return out.toString();
    }
}
