package io.cspwebsocket.bench;

import io.cspwebsocket.CspStatus;
import io.cspwebsocket.CspWebSocket;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.websocket.Session;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The server child's control endpoint ({@code /bench/ctl}), answered as {@code key=value}
 * lines:
 * <ul>
 *   <li>{@code ?op=stats&gc=true}: heap after a full GC, threads, RSS and the counters;</li>
 *   <li>{@code ?op=histo}: the heap's class histogram after a full GC, as {@code jcmd GC.class_histogram}
 *       prints it (plain text, not key=value lines);</li>
 *   <li>{@code ?op=threads&file=F}: writes every thread's stack (virtual threads too, JDK 21+) to F as JSON;</li>
 *   <li>{@code ?op=cpu}: the CPU time this process has used so far ({@code cpuNanos}; -1 if unknown),
 *       and split by thread group ({@code cpuNanos.container}, {@code cpuNanos.pages}, ...: {@link ThreadCpu});</li>
 *   <li>{@code ?op=broadcast&via=raw|csp-broadcast|csp-openserver&seq=N&size=S}: sends one
 *       message to every broadcast socket of that kind, the way an application would;</li>
 *   <li>{@code ?op=crossnode-ids}: how many {@code Bench.CrossNode} sockets this node lists as its own and
 *       as other nodes' ({@link CrossNodeWriter#ids()});</li>
 *   <li>{@code ?op=crossnode&samples=N&gapMicros=G&size=S&seq=Q&deadlineMillis=D}: times
 *       {@code openServer(id).write} to those sockets, local and remote interleaved
 *       ({@link CrossNodeWriter#run}).</li>
 * </ul>
 */
final class ControlServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;
    private static final long RAW_COMPLETION_TIMEOUT_SECONDS = 60;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String op = String.valueOf(request.getParameter("op"));
        if (op.equals("histo") || op.equals("threads")) {
            String text = op.equals("histo") ? diagnosticCommand("gcClassHistogram")
                    : diagnosticCommand("threadDumpToFile", "-format=json", request.getParameter("file"));
            response.setContentType("text/plain");
            response.setCharacterEncoding("UTF-8");
            response.getOutputStream().write(text.getBytes(StandardCharsets.UTF_8));
            return;
        }
        Map<String, Object> out;
        try {
            switch (op) {
                case "stats" -> out = stats("true".equals(request.getParameter("gc")));
                case "cpu" -> out = cpu();
                case "crossnode-ids" -> out = CrossNodeWriter.ids();
                case "crossnode" -> out = CrossNodeWriter.run(Integer.parseInt(request.getParameter("samples")),
                        Long.parseLong(request.getParameter("gapMicros")),
                        Integer.parseInt(request.getParameter("size")), Long.parseLong(request.getParameter("seq")),
                        Long.parseLong(request.getParameter("deadlineMillis")));
                case "broadcast" -> out = broadcast(request.getParameter("via"),
                        Integer.parseInt(request.getParameter("seq")), Integer.parseInt(request.getParameter("size")));
                default -> {
                    response.sendError(HttpServletResponse.SC_BAD_REQUEST, "unknown op " + op);
                    return;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            response.sendError(HttpServletResponse.SC_SERVICE_UNAVAILABLE, "interrupted");
            return;
        } catch (RuntimeException e) {
            response.sendError(HttpServletResponse.SC_BAD_REQUEST, e.toString());
            return;
        }
        StringBuilder body = new StringBuilder();
        out.forEach((key, value) -> body.append(key).append('=').append(value).append('\n'));
        response.setContentType("text/plain");
        response.setCharacterEncoding("UTF-8");
        response.getOutputStream().write(body.toString().getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Runs a HotSpot diagnostic command, as {@code jcmd} does: {@code gcClassHistogram} gives
     * the live objects by class (which objects a connection keeps), {@code threadDumpToFile}
     * writes every thread's stack, virtual threads included (JDK 21+).
     *
     * @param command the command's MBean operation name
     * @param arguments its arguments
     * @return what it printed
     */
    private static String diagnosticCommand(String command, String... arguments) {
        try {
            return String.valueOf(ManagementFactory.getPlatformMBeanServer().invoke(
                    new javax.management.ObjectName("com.sun.management:type=DiagnosticCommand"),
                    command, new Object[] {arguments}, new String[] {String[].class.getName()}));
        } catch (javax.management.JMException e) {
            return "diagnostic command " + command + " failed: " + e;
        }
    }

    private static Map<String, Object> stats(boolean gc) throws InterruptedException {
        if (gc) {
            for (int i = 0; i < 2; i++) {
                System.gc();
                Thread.sleep(50);
            }
        }
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("heapUsed", memory.getHeapMemoryUsage().getUsed());
        out.put("heapCommitted", memory.getHeapMemoryUsage().getCommitted());
        out.put("nonHeapUsed", memory.getNonHeapMemoryUsage().getUsed());
        out.put("threads", threads.getThreadCount());
        out.put("peakThreads", threads.getPeakThreadCount());
        out.put("rssKb", rssKb());
        out.put("cpuNanos", processCpuNanos());
        out.put("cspReading", ServerStats.CSP_READING.get());
        out.put("cspSharedOpen", ServerStats.CSP_SHARED_OPEN.get());
        out.put("rawOpen", ServerStats.RAW_OPEN.get());
        out.put("rawBroadcastSessions", RawBroadcastEndpoint.SESSIONS.size());
        out.put("cspOpenIds", CspWebSocket.openIds(IdlePage.class).size()
                + CspWebSocket.openIds(IdleNoSessionPage.class).size()
                + CspWebSocket.openIds(BroadcastPage.class).size()
                + CspWebSocket.openIds(SyncEchoPage.class).size()
                + CspWebSocket.openIds(SharedEchoPage.class).size());
        out.put("handshakes", ServerStats.HANDSHAKES.get());
        out.put("extensionOffers", ServerStats.EXTENSION_OFFERS.get());
        out.put("extensionsNegotiated", ServerStats.EXTENSIONS_NEGOTIATED.get());
        out.put("errors", ServerStats.ERRORS.get());
        return out;
    }

    private static Map<String, Object> cpu() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("cpuNanos", processCpuNanos());
        ThreadCpu.sample().forEach((group, nanos) -> out.put("cpuNanos." + group, nanos));
        return out;
    }

    /**
     * @return the CPU time of the whole server process (all threads, GC and JIT included) in
     *         nanoseconds, or -1 where the JVM does not tell
     */
    static long processCpuNanos() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getProcessCpuTime();
        }
        return -1;
    }

    private static long rssKb() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux: no RSS figure
        }
        return -1;
    }

    private static Map<String, Object> broadcast(String via, int seq, int size) throws InterruptedException {
        String message = message(seq, size);
        Map<String, Object> out = new LinkedHashMap<>();
        long start = System.nanoTime();
        switch (String.valueOf(via)) {
            case "raw" -> rawBroadcast(message, out, start);
            case "csp-broadcast" -> {
                // The library's own fan-out: queues the message on every socket, waits on none.
                int accepted = CspWebSocket.broadcast(BroadcastPage.class, message);
                out.put("sent", accepted);
                out.put("failed", 0);
                out.put("loopNanos", System.nanoTime() - start);
            }
            case "csp-openserver" -> {
                // The IRIS idiom: the ids of the page class, OpenServer(id).Write(message), one by one.
                int sent = 0;
                int failed = 0;
                long openNanos = 0;
                long writeNanos = 0;
                int slowWrites = 0;
                Set<String> ids = CspWebSocket.openIds(BroadcastPage.class);
                long idsNanos = System.nanoTime() - start;
                for (String id : ids) {
                    long t0 = System.nanoTime();
                    io.cspwebsocket.CspWebSocketHandle handle = CspWebSocket.openServer(id);
                    long t1 = System.nanoTime();
                    CspStatus status = handle.write(message);
                    long t2 = System.nanoTime();
                    openNanos += t1 - t0;
                    writeNanos += t2 - t1;
                    if (t2 - t1 > 200_000) {
                        slowWrites++;
                    }
                    if (status.isOk()) {
                        sent++;
                    } else {
                        failed++;
                    }
                }
                out.put("sent", sent);
                out.put("failed", failed);
                out.put("loopNanos", System.nanoTime() - start);
                out.put("openIdsNanos", idsNanos);
                out.put("openServerNanos", openNanos);
                out.put("writeNanos", writeNanos);
                out.put("writesOver200us", slowWrites);
            }
            default -> throw new IllegalArgumentException("unknown via " + via);
        }
        return out;
    }

    /** A raw application's broadcast: every session's async remote, then (for the report) wait for the sends. */
    private static void rawBroadcast(String message, Map<String, Object> out, long start) throws InterruptedException {
        List<Session> sessions = List.copyOf(RawBroadcastEndpoint.SESSIONS);
        CountDownLatch done = new CountDownLatch(sessions.size());
        AtomicInteger failed = new AtomicInteger();
        int refused = 0;
        for (Session session : sessions) {
            try {
                session.getAsyncRemote().sendText(message, result -> {
                    if (!result.isOK()) {
                        failed.incrementAndGet();
                    }
                    done.countDown();
                });
            } catch (IllegalStateException e) {
                refused++; // a previous send still in progress, or the session closing
                done.countDown();
            }
        }
        long loopNanos = System.nanoTime() - start;
        boolean all = done.await(RAW_COMPLETION_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        out.put("sent", sessions.size() - refused - failed.get());
        out.put("failed", refused + failed.get() + (all ? 0 : (int) done.getCount()));
        out.put("loopNanos", loopNanos);
    }

    /**
     * The broadcast payload: {@code b:<seq>:} padded with dots to {@code size} characters.
     *
     * @param seq the broadcast's number
     * @param size the length
     * @return the message
     */
    static String message(int seq, int size) {
        StringBuilder text = new StringBuilder(Math.max(size, 16)).append("b:").append(seq).append(':');
        while (text.length() < size) {
            text.append('.');
        }
        return text.toString();
    }

    /** @return the page classes the server child registers */
    static Set<Class<?>> pages() {
        return Set.of(SyncEchoPage.class, SharedEchoPage.class, IdlePage.class, IdleNoSessionPage.class,
                BroadcastPage.class, CrossNodePage.class);
    }
}
