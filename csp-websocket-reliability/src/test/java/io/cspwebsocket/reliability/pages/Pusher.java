package io.cspwebsocket.reliability.pages;

import io.cspwebsocket.CspClass;
import io.cspwebsocket.CspStatus;
import io.cspwebsocket.CspWebSocket;
import io.cspwebsocket.reliability.probe.Probe;
import java.util.concurrent.CompletableFuture;

/**
 * Writes numbered messages of {@code size} chars, {@code count} of them (0: until a write
 * fails), with blocking {@code write}, or with {@code writeAsync} ({@code async=1}) until one is
 * refused. Records how many were accepted and the first failure.
 */
@CspClass(value = "Rel.Pusher", useSession = false)
public class Pusher extends CspWebSocket {

    @Override
    protected CspStatus server() {
        String id = getWebSocketId();
        Probe.thread(Thread.currentThread());
        int size = Integer.parseInt(getRequestParameter("size"));
        long count = Long.parseLong(getRequestParameter("count"));
        boolean async = "1".equals(getRequestParameter("async"));
        write("id:" + id);
        String payload = "x".repeat(size);
        long n = 0;
        while (count == 0 || n < count) {
            String message = "#" + n + ":" + payload;
            CspStatus status;
            if (async) {
                CompletableFuture<CspStatus> send = writeAsync(message).toCompletableFuture();
                status = send.getNow(CspStatus.OK); // completed at once only when refused
            } else {
                status = write(message);
            }
            if (async && status.code() == CspStatus.GENERAL_ERROR_CODE) {
                // Refused: the queue is full. Keep offering, as a broadcaster would, until the socket closes.
                if (Probe.events(id, "write:5001") == 0) {
                    Probe.event(id, "write:5001");
                }
                sleep();
                continue;
            }
            if (!status.isOk()) {
                Probe.event(id, "write:" + status.code());
                break;
            }
            n++;
        }
        Probe.event(id, "accepted:" + n);
        return endServer();
    }

    private static void sleep() {
        try {
            Thread.sleep(5);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    protected CspStatus onPostServer() {
        Probe.event(getWebSocketId(), "post:" + getCloseCode());
        Probe.count("post");
        return CspStatus.OK;
    }
}
