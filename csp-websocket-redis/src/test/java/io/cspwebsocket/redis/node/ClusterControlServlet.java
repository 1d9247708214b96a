package io.cspwebsocket.redis.node;

import io.cspwebsocket.CspStatus;
import io.cspwebsocket.CspWebSocket;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.TreeSet;

/**
 * Drives this node's side of the cluster from the test: {@code POST /ctl?op=…} with the message as
 * the UTF-8 body. Statuses are answered as {@code <code> <message>} (code 0 = OK).
 * <ul>
 *   <li>{@code broadcast}: {@code CspWebSocket.broadcast(ClusterTestPage.class, body)}, answers the count;</li>
 *   <li>{@code write&id=…}: {@code openServer(id).write(body)}; {@code writeBinary&id=…}: the body is base64;</li>
 *   <li>{@code end&id=…}, {@code status&id=…}: {@code endServer()}, {@code status()};</li>
 *   <li>{@code writeMany&id=…&n=…&threads=…}: {@code n} blocking writes of the body to {@code id},
 *       shared by {@code threads} threads, each stopping at the first failure; answers
 *       {@code <writes OK> <millis> <failure codes, or -> <first failure>}, the millis until the first
 *       failure if any;</li>
 *   <li>{@code openIds}: the ids, one a line, sorted;</li>
 *   <li>{@code latency&id=…&n=…&warmup=…}: times {@code n} writes of the body to {@code id} after
 *       {@code warmup} untimed ones; answers count, p50, p90, p99, max and mean in microseconds;</li>
 *   <li>{@code load&tag=…&millis=…&targets=…}: for {@code millis}, over and over: one broadcast of
 *       {@code b|<tag>|<i>} and one blocking write of {@code w|<tag>|<i>|<target>} to each of the
 *       comma-separated {@code targets}; a write that fails with a status README says was not
 *       delivered is sent once more, as README allows. Answers {@link LoadRun#summary()};</li>
 *   <li>{@code broadcastTimed}: {@code broadcast} of the body, answers {@code <count> <nanoTime before>
 *       <nanoTime after>}; {@code openIdsCount}: how many ids {@code openIds} lists;</li>
 *   <li>{@code probeStart&id=…}, {@code probeStop}: {@link RedisProbe} against a socket of another node;</li>
 *   <li>{@code threadLocals}: thread-local values of Netty, Lettuce, Reactor or the library held by
 *       any thread (see {@link ClusterNodeMain}).</li>
 * </ul>
 */
public class ClusterControlServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String body = new String(request.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String id = request.getParameter("id");
        String answer = switch (String.valueOf(request.getParameter("op"))) {
            case "broadcast" -> Integer.toString(CspWebSocket.broadcast(ClusterTestPage.class, body));
            case "write" -> status(CspWebSocket.openServer(id).write(body));
            case "writeBinary" -> status(CspWebSocket.openServer(id).write(Base64.getDecoder().decode(body)));
            case "end" -> status(CspWebSocket.openServer(id).endServer());
            case "status" -> status(CspWebSocket.openServer(id).status());
            case "writeMany" -> writeMany(id, body, Integer.parseInt(request.getParameter("n")),
                    Integer.parseInt(request.getParameter("threads")));
            case "openIds" -> String.join("\n", new TreeSet<>(CspWebSocket.openIds(ClusterTestPage.class)));
            case "latency" -> latency(id, body, Integer.parseInt(request.getParameter("n")),
                    Integer.parseInt(request.getParameter("warmup")));
            case "load" -> LoadRun.run(request.getParameter("tag"), Long.parseLong(request.getParameter("millis")),
                    request.getParameter("targets"));
            case "threadLocals" -> ClusterNodeMain.libraryThreadLocalsLeft();
            case "broadcastTimed" -> broadcastTimed(body);
            case "openIdsCount" -> Integer.toString(CspWebSocket.openIds(ClusterTestPage.class).size());
            case "probeStart" -> probe(true, id);
            case "probeStop" -> probe(false, id);
            default -> null;
        };
        if (answer == null) {
            response.sendError(HttpServletResponse.SC_BAD_REQUEST, "unknown op");
            return;
        }
        response.setContentType("text/plain;charset=UTF-8");
        response.getWriter().write(answer);
    }

    /** {@code <count> <nanoTime before> <nanoTime after>}: one clock for every JVM of the machine (Linux). */
    private static String broadcastTimed(String message) {
        long start = System.nanoTime();
        int count = CspWebSocket.broadcast(ClusterTestPage.class, message);
        return count + " " + start + " " + System.nanoTime();
    }

    private static String probe(boolean start, String remoteId) {
        try {
            return start ? RedisProbe.start(remoteId) : RedisProbe.stop();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }

    private static String status(CspStatus status) {
        return status.code() + " " + status.message();
    }

    /** {@code threads} threads each write their share; a burst from several threads fills a socket's queue. */
    private static String writeMany(String id, String message, int count, int threads) {
        var handle = CspWebSocket.openServer(id);
        long start = System.nanoTime();
        java.util.concurrent.atomic.AtomicInteger ok = new java.util.concurrent.atomic.AtomicInteger();
        java.util.concurrent.atomic.AtomicReference<String> failure = new java.util.concurrent.atomic.AtomicReference<>();
        java.util.concurrent.atomic.AtomicLong failedAfter = new java.util.concurrent.atomic.AtomicLong(-1);
        java.util.Set<Integer> codes = new java.util.concurrent.ConcurrentSkipListSet<>();
        List<Thread> writers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int share = count / threads + (t < count % threads ? 1 : 0);
            Thread writer = new Thread(() -> {
                for (int i = 0; i < share && failure.get() == null; i++) {
                    CspStatus status = handle.write(message);
                    if (!status.isOk()) {
                        codes.add(status.code());
                        if (failure.compareAndSet(null, status(status))) {
                            failedAfter.set((System.nanoTime() - start) / 1_000_000);
                        }
                        return;
                    }
                    ok.incrementAndGet();
                }
            }, "writeMany-" + t);
            writers.add(writer);
            writer.start();
        }
        for (Thread writer : writers) {
            try {
                writer.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return "interrupted";
            }
        }
        long millis = failedAfter.get() >= 0 ? failedAfter.get() : (System.nanoTime() - start) / 1_000_000;
        String failed = codes.isEmpty() ? "-" : codes.stream().map(String::valueOf).collect(java.util.stream.Collectors.joining(","));
        return ok.get() + " " + millis + " " + failed + " " + (failure.get() == null ? "" : failure.get());
    }

    private static String latency(String id, String message, int count, int warmup) {
        var handle = CspWebSocket.openServer(id);
        for (int i = 0; i < warmup; i++) {
            CspStatus status = handle.write(message);
            if (!status.isOk()) {
                return "warm-up write failed: " + status(status);
            }
        }
        long[] micros = new long[count];
        long started = System.nanoTime();
        for (int i = 0; i < count; i++) {
            long start = System.nanoTime();
            CspStatus status = handle.write(message);
            micros[i] = (System.nanoTime() - start) / 1000;
            if (!status.isOk()) {
                return "write " + i + " failed: " + status(status);
            }
        }
        long total = (System.nanoTime() - started) / 1000;
        Arrays.sort(micros);
        return "n=" + count + " p50=" + percentile(micros, 50) + " p90=" + percentile(micros, 90) + " p99="
                + percentile(micros, 99) + " max=" + micros[count - 1] + " mean=" + total / count;
    }

    private static long percentile(long[] sorted, int percent) {
        int index = (int) Math.ceil(percent / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }
}
