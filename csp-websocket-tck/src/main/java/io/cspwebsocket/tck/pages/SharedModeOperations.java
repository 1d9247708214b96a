package io.cspwebsocket.tck.pages;

import io.cspwebsocket.CspStatus;
import io.cspwebsocket.CspWebSocket;
import io.cspwebsocket.CspWebSocketHandle;
import io.cspwebsocket.ReadResult;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.function.UnaryOperator;

/**
 * What the shared-mode verifications ask of the deployment, without servlet types:
 * {@link SharedModeServlet} answers it over HTTP at {@code <context>/tck/shared}, a run without a
 * container (csp-websocket-tck-memory) calls it directly. It calls
 * {@link CspWebSocket#openServer(String)}, {@link CspWebSocket#openIds(Class)} and
 * {@link CspWebSocket#broadcast(Class, String)} from servlet threads and threads it starts
 * (SPEC §4.4, §6). Answers are {@code key=value} lines; an exception the
 * library must not throw is counted or answered as {@code EXCEPTION <class>}.
 *
 * <p>Requests (the servlet's GET or POST form parameters):
 * <ul>
 *   <li>{@code op=read&id=ID&len=N&ms=T}: {@code openServer(id).read(N, T ms)}, answered
 *       {@code code}, {@code atEnd}, {@code data};</li>
 *   <li>{@code op=hold&id=ID}: opens a handle and keeps it; answers its {@code status} code;</li>
 *   <li>{@code op=held&id=ID&action=status|write|writeAsync|read|end}: calls the kept handle;
 *       answers {@code code} (and {@code data} for {@code read});</li>
 *   <li>{@code op=churnStart&token=K&page=FQCN} / {@code op=churnStop&token=K}: a thread that
 *       loops over {@code openIds(page)} and writes {@code "w"} to every listed id; stop
 *       answers {@code rounds}, {@code writes}, {@code ok}, {@code closed}, {@code other},
 *       {@code firstOther}, {@code exceptions}, {@code firstException};</li>
 *   <li>{@code op=fanout&page=FQCN&via=broadcast|handles&threads=T&count=N&ms=W}: {@code T}
 *       threads start together and each sends {@link ChatRoomPage#message(int, int)
 *       message(t, 0..N-1)} to every live socket of the page, through {@code broadcast} or
 *       through {@code openIds} + {@code openServer(id).writeAsync}; answers {@code calls},
 *       {@code minAccepted}, {@code maxAccepted} (broadcast) or {@code writes}, {@code ok},
 *       {@code notOk}, {@code firstNotOk}, {@code pending} (handles, after waiting up to
 *       {@code W} ms for the writes), and {@code exceptions};</li>
 *   <li>{@code op=flood&page=FQCN&via=broadcast|handles&from=F&count=N&size=S&token=K&slow=ID&watch=IDS}:
 *       sends {@link SharedFanoutPage#message(int, int) message(F..F+N-1, S)} to every live
 *       socket of the page without waiting for any; answers {@code calls}, {@code maxCallMs},
 *       {@code exceptions}, and {@code minAccepted} (broadcast) or, for {@code handles},
 *       {@code watchedRefused} and {@code firstRefusal} (writes to the comma-separated ids
 *       {@code IDS} that completed at once with an error) and {@code othersRefused} (the same
 *       for ids neither watched nor {@code slow}); the writes to {@code slow} are kept under
 *       {@code K};</li>
 *   <li>{@code op=floodSlow&token=K}: how the kept writes to the slow socket stand:
 *       {@code writes}, {@code ok}, {@code notOk}, {@code firstNotOk}, {@code pending};</li>
 *   <li>{@code op=blockingFlood&id=ID&size=S&max=M}: blocking {@code write}s of {@code S}
 *       chars through a handle until one is not OK (at most {@code M}); answers {@code count}
 *       (OK writes), {@code code}, {@code status} and {@code ms} (of the last write).</li>
 *   <li>{@code op=floodUntilStall&id=ID&size=S&token=K&ms=W}: {@code writeAsync}s of
 *       {@link SharedFanoutPage#message(int, int) message(n, S)} through a handle, one after
 *       the other, until one does not complete OK within 500 ms (the
 *       client's buffers, and the container's, are full), for at most {@code W} ms; the writes
 *       are kept under {@code K} (see {@code floodSlow}); answers {@code writes},
 *       {@code stalled} ({@code true}/{@code false}), {@code bytes} (chars sent) and
 *       {@code ms}. How much a container buffers for a client that does not read differs
 *       (Tomcat: the TCP buffers; Payara's Grizzly: about 10 MiB more), so the flood goes on
 *       until the stall instead of sending a fixed amount.</li>
 * </ul>
 * Internal TCK use only.
 */
public final class SharedModeOperations {

    /** How long a write of {@code floodUntilStall} may take before the client counts as stalled. */
    private static final long STALL_GRACE_MS = 500;

    /** Longest life of a churn thread that is never stopped. */
    private static final Duration CHURN_LIMIT = Duration.ofSeconds(120);

    /** The requests answered; any other op is refused (400). */
    private static final Set<String> OPS = Set.of("read", "hold", "held", "churnStart", "churnStop",
            "fanout", "flood", "floodSlow", "blockingFlood", "floodUntilStall");

    private static final Map<String, CspWebSocketHandle> HELD = new ConcurrentHashMap<>();
    private static final Map<String, Churn> CHURNS = new ConcurrentHashMap<>();
    private static final Map<String, List<CompletableFuture<CspStatus>>> SLOW_WRITES = new ConcurrentHashMap<>();

    private SharedModeOperations() {
    }

    /**
     * Answers one request.
     *
     * @param req the request's parameters
     * @return the answer's {@code key=value} lines, or {@code null} for "not there" (404)
     * @throws IllegalArgumentException for an unknown {@code op} (400)
     */
    public static String answer(UnaryOperator<String> req) {
        String op = req.apply("op");
        if (op == null || !OPS.contains(op)) {
            throw new IllegalArgumentException("unknown op " + op);
        }
        Map<String, String> answer = new LinkedHashMap<>();
        try {
            switch (op) {
                case "read" -> read(CspWebSocket.openServer(req.apply("id")), req, answer);
                case "hold" -> {
                    CspWebSocketHandle handle = CspWebSocket.openServer(req.apply("id"));
                    HELD.put(req.apply("id"), handle);
                    answer.put("code", code(handle.status()));
                }
                case "held" -> held(req, answer);
                case "churnStart" -> {
                    Churn churn = new Churn(page(req), req.apply("token"));
                    CHURNS.put(req.apply("token"), churn);
                    churn.thread.start();
                    answer.put("started", "yes");
                }
                case "churnStop" -> {
                    Churn churn = CHURNS.remove(req.apply("token"));
                    if (churn == null) {
                        return null; // no churn under that token
                    }
                    churn.stop(answer);
                }
                case "fanout" -> fanout(req, answer);
                case "flood" -> flood(req, answer);
                case "floodSlow" -> floodSlow(req.apply("token"), answer);
                case "blockingFlood" -> blockingFlood(req, answer);
                case "floodUntilStall" -> floodUntilStall(req, answer);
                default -> throw new AssertionError("unreachable: " + op);
            }
        } catch (RuntimeException e) {
            answer.put("code", "EXCEPTION " + e.getClass().getName());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            answer.put("code", "EXCEPTION " + e.getClass().getName());
        }
        StringBuilder text = new StringBuilder();
        answer.forEach((k, v) -> text.append(k).append('=').append(v).append('\n'));
        return text.toString();
    }

    private static void read(CspWebSocketHandle handle, UnaryOperator<String> req, Map<String, String> answer) {
        ReadResult result = handle.read(intParam(req, "len", 0), Duration.ofMillis(intParam(req, "ms", 0)));
        answer.put("code", code(result.status()));
        answer.put("atEnd", Boolean.toString(result.atEnd()));
        answer.put("data", result.data());
    }

    private static void held(UnaryOperator<String> req, Map<String, String> answer) throws InterruptedException {
        CspWebSocketHandle handle = HELD.get(req.apply("id"));
        if (handle == null) {
            answer.put("code", "NO-HELD-HANDLE");
            return;
        }
        String action = req.apply("action");
        switch (action == null ? "" : action) {
            case "status" -> answer.put("code", code(handle.status()));
            case "write" -> answer.put("code", code(handle.write("from a held handle")));
            case "writeAsync" -> answer.put("code", await(handle.writeAsync("from a held handle").toCompletableFuture()));
            case "read" -> read(handle, req, answer);
            case "end" -> answer.put("code", code(handle.endServer()));
            default -> answer.put("code", "UNKNOWN-ACTION");
        }
    }

    private static void fanout(UnaryOperator<String> req, Map<String, String> answer) throws InterruptedException {
        Class<? extends CspWebSocket> page = page(req);
        boolean viaBroadcast = "broadcast".equals(req.apply("via"));
        int threads = intParam(req, "threads", 20);
        int count = intParam(req, "count", 50);
        AtomicInteger calls = new AtomicInteger();
        AtomicInteger minAccepted = new AtomicInteger(Integer.MAX_VALUE);
        AtomicInteger maxAccepted = new AtomicInteger(Integer.MIN_VALUE);
        AtomicInteger exceptions = new AtomicInteger();
        AtomicReference<String> firstException = new AtomicReference<>("none");
        List<CompletableFuture<CspStatus>> writes = new ArrayList<>();
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> senders = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int sender = t;
            Thread thread = new Thread(() -> {
                List<CompletableFuture<CspStatus>> mine = new ArrayList<>();
                awaitQuietly(start);
                for (int n = 0; n < count; n++) {
                    String message = ChatRoomPage.message(sender, n);
                    try {
                        if (viaBroadcast) {
                            int accepted = CspWebSocket.broadcast(page, message);
                            minAccepted.accumulateAndGet(accepted, Math::min);
                            maxAccepted.accumulateAndGet(accepted, Math::max);
                        } else {
                            for (String id : CspWebSocket.openIds(page)) {
                                mine.add(CspWebSocket.openServer(id).writeAsync(message).toCompletableFuture());
                            }
                        }
                        calls.incrementAndGet();
                    } catch (RuntimeException e) {
                        exceptions.incrementAndGet();
                        firstException.compareAndSet("none", e.toString());
                    }
                }
                synchronized (writes) {
                    writes.addAll(mine);
                }
            }, "tck-fanout-" + t);
            senders.add(thread);
            thread.start();
        }
        start.countDown();
        for (Thread thread : senders) {
            thread.join();
        }
        answer.put("calls", Integer.toString(calls.get()));
        if (viaBroadcast) {
            answer.put("minAccepted", Integer.toString(minAccepted.get()));
            answer.put("maxAccepted", Integer.toString(maxAccepted.get()));
        } else {
            tally(writes, System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(intParam(req, "ms", 10_000)), answer);
        }
        answer.put("exceptions", Integer.toString(exceptions.get()));
        answer.put("firstException", firstException.get());
    }

    private static void tally(List<CompletableFuture<CspStatus>> writes, long deadline, Map<String, String> answer)
            throws InterruptedException {
        int ok = 0;
        int notOk = 0;
        int pending = 0;
        String firstNotOk = "none";
        for (CompletableFuture<CspStatus> write : writes) {
            String code;
            try {
                code = code(write.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS));
            } catch (TimeoutException e) {
                pending++;
                continue;
            } catch (ExecutionException e) {
                code = "EXCEPTION " + e.getCause();
            }
            if (code.equals("0")) {
                ok++;
            } else {
                notOk++;
                if (firstNotOk.equals("none")) {
                    firstNotOk = code;
                }
            }
        }
        answer.put("writes", Integer.toString(writes.size()));
        answer.put("ok", Integer.toString(ok));
        answer.put("notOk", Integer.toString(notOk));
        answer.put("firstNotOk", firstNotOk);
        answer.put("pending", Integer.toString(pending));
    }

    private static void flood(UnaryOperator<String> req, Map<String, String> answer) {
        Class<? extends CspWebSocket> page = page(req);
        boolean viaBroadcast = "broadcast".equals(req.apply("via"));
        int from = intParam(req, "from", 0);
        int count = intParam(req, "count", 16);
        int size = intParam(req, "size", 65536);
        String slow = req.apply("slow");
        List<String> watched = List.of(String.valueOf(req.apply("watch")).split(","));
        List<CompletableFuture<CspStatus>> slowWrites = SLOW_WRITES.computeIfAbsent(
                String.valueOf(req.apply("token")), k -> Collections.synchronizedList(new ArrayList<>()));
        long maxCallNanos = 0;
        int minAccepted = Integer.MAX_VALUE;
        int watchedRefused = 0;
        int othersRefused = 0;
        String firstRefusal = "none";
        int exceptions = 0;
        String firstException = "none";
        for (int n = from; n < from + count; n++) {
            String message = SharedFanoutPage.message(n, size);
            try {
                if (viaBroadcast) {
                    long start = System.nanoTime();
                    int accepted = CspWebSocket.broadcast(page, message);
                    maxCallNanos = Math.max(maxCallNanos, System.nanoTime() - start);
                    minAccepted = Math.min(minAccepted, accepted);
                } else {
                    for (String id : CspWebSocket.openIds(page)) {
                        long start = System.nanoTime();
                        CompletableFuture<CspStatus> write = CspWebSocket.openServer(id).writeAsync(message)
                                .toCompletableFuture();
                        maxCallNanos = Math.max(maxCallNanos, System.nanoTime() - start);
                        if (id.equals(slow)) {
                            slowWrites.add(write);
                        } else if (!write.getNow(CspStatus.OK).isOk()) {
                            if (!watched.contains(id)) {
                                othersRefused++; // a socket of an earlier test
                            } else if (watchedRefused++ == 0) {
                                firstRefusal = write.getNow(CspStatus.OK) + " for " + id + " at message " + n;
                            }
                        }
                    }
                }
            } catch (RuntimeException e) {
                exceptions++;
                if (firstException.equals("none")) {
                    firstException = e.toString();
                }
            }
        }
        answer.put("calls", Integer.toString(count));
        answer.put("maxCallMs", Long.toString(TimeUnit.NANOSECONDS.toMillis(maxCallNanos)));
        if (viaBroadcast) {
            answer.put("minAccepted", Integer.toString(minAccepted));
        } else {
            answer.put("watchedRefused", Integer.toString(watchedRefused));
            answer.put("firstRefusal", firstRefusal);
            answer.put("othersRefused", Integer.toString(othersRefused));
        }
        answer.put("exceptions", Integer.toString(exceptions));
        answer.put("firstException", firstException);
    }

    private static void floodSlow(String token, Map<String, String> answer) {
        List<CompletableFuture<CspStatus>> writes = List.copyOf(SLOW_WRITES.getOrDefault(String.valueOf(token), List.of()));
        int ok = 0;
        int notOk = 0;
        int pending = 0;
        String firstNotOk = "none";
        for (CompletableFuture<CspStatus> write : writes) {
            CspStatus status = write.getNow(null);
            if (status == null) {
                pending++;
            } else if (status.isOk()) {
                ok++;
            } else {
                notOk++;
                if (firstNotOk.equals("none")) {
                    firstNotOk = status.toString();
                }
            }
        }
        answer.put("writes", Integer.toString(writes.size()));
        answer.put("ok", Integer.toString(ok));
        answer.put("notOk", Integer.toString(notOk));
        answer.put("firstNotOk", firstNotOk);
        answer.put("pending", Integer.toString(pending));
    }

    private static void blockingFlood(UnaryOperator<String> req, Map<String, String> answer) {
        CspWebSocketHandle handle = CspWebSocket.openServer(req.apply("id"));
        String message = SharedFanoutPage.message(0, intParam(req, "size", 65536));
        int max = intParam(req, "max", 4096);
        int count = 0;
        CspStatus status = CspStatus.OK;
        long took = 0;
        while (count < max) {
            long start = System.nanoTime();
            status = handle.write(message);
            took = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            if (!status.isOk()) {
                break;
            }
            count++;
        }
        answer.put("count", Integer.toString(count));
        answer.put("code", code(status));
        answer.put("status", String.valueOf(status));
        answer.put("ms", Long.toString(took));
    }

    private static void floodUntilStall(UnaryOperator<String> req, Map<String, String> answer) {
        CspWebSocketHandle handle = CspWebSocket.openServer(req.apply("id"));
        int size = intParam(req, "size", 65536);
        long started = System.nanoTime();
        long deadline = started + TimeUnit.MILLISECONDS.toNanos(intParam(req, "ms", 30_000));
        List<CompletableFuture<CspStatus>> kept = SLOW_WRITES.computeIfAbsent(
                String.valueOf(req.apply("token")), k -> Collections.synchronizedList(new ArrayList<>()));
        int writes = 0;
        boolean stalled = false;
        while (!stalled && System.nanoTime() < deadline) {
            CompletableFuture<CspStatus> write = handle.writeAsync(SharedFanoutPage.message(writes, size))
                    .toCompletableFuture();
            kept.add(write);
            writes++;
            try {
                stalled = !write.get(STALL_GRACE_MS, TimeUnit.MILLISECONDS).isOk();
            } catch (TimeoutException e) {
                stalled = true; // still pending: nothing more fits between here and the client
            } catch (ExecutionException e) {
                stalled = true;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        answer.put("writes", Integer.toString(writes));
        answer.put("stalled", Boolean.toString(stalled));
        answer.put("bytes", Long.toString((long) writes * size));
        answer.put("ms", Long.toString(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started)));
    }

    /** A thread that writes to every listed id of a page, round after round, and counts the outcomes. */
    private static final class Churn implements Runnable {
        private final Class<? extends CspWebSocket> page;
        private final Thread thread;
        private final AtomicBoolean stopped = new AtomicBoolean();
        private final AtomicLong rounds = new AtomicLong();
        private final Map<String, AtomicInteger> codes = new ConcurrentHashMap<>();
        private final AtomicReference<String> firstOther = new AtomicReference<>("none");
        private final AtomicReference<String> firstException = new AtomicReference<>("none");
        private final AtomicInteger exceptions = new AtomicInteger();

        Churn(Class<? extends CspWebSocket> page, String token) {
            this.page = page;
            this.thread = new Thread(this, "tck-churn " + token);
            this.thread.setDaemon(true);
        }

        @Override
        public void run() {
            long end = System.nanoTime() + CHURN_LIMIT.toNanos();
            while (!stopped.get() && System.nanoTime() - end < 0) {
                for (String id : CspWebSocket.openIds(page)) {
                    try {
                        long start = System.nanoTime();
                        CspStatus status = CspWebSocket.openServer(id).write("w");
                        String code = code(status);
                        codes.computeIfAbsent(code, c -> new AtomicInteger()).incrementAndGet();
                        if (!code.equals("0") && !code.equals("7951")) {
                            firstOther.compareAndSet("none", status + " for " + id + " after "
                                    + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start) + " ms");
                        }
                    } catch (RuntimeException e) {
                        exceptions.incrementAndGet();
                        firstException.compareAndSet("none", e.toString());
                    }
                }
                rounds.incrementAndGet();
                LockSupport.parkNanos(TimeUnit.MICROSECONDS.toNanos(200)); // pace the loop, not a condition
            }
        }

        void stop(Map<String, String> answer) throws InterruptedException {
            stopped.set(true);
            thread.join(TimeUnit.SECONDS.toMillis(60));
            int writes = codes.values().stream().mapToInt(AtomicInteger::get).sum();
            int ok = count("0");
            int closed = count("7951");
            answer.put("alive", Boolean.toString(thread.isAlive()));
            answer.put("rounds", Long.toString(rounds.get()));
            answer.put("writes", Integer.toString(writes));
            answer.put("ok", Integer.toString(ok));
            answer.put("closed", Integer.toString(closed));
            answer.put("other", Integer.toString(writes - ok - closed));
            answer.put("firstOther", firstOther.get());
            answer.put("exceptions", Integer.toString(exceptions.get()));
            answer.put("firstException", firstException.get());
        }

        private int count(String code) {
            AtomicInteger n = codes.get(code);
            return n == null ? 0 : n.get();
        }
    }

    private static Class<? extends CspWebSocket> page(UnaryOperator<String> req) {
        try {
            return Class.forName(req.apply("page"), false, SharedModeOperations.class.getClassLoader())
                    .asSubclass(CspWebSocket.class);
        } catch (ClassNotFoundException e) {
            throw new IllegalArgumentException("no page class " + req.apply("page"), e);
        }
    }

    private static String await(CompletableFuture<CspStatus> write) throws InterruptedException {
        try {
            return code(write.get(60, TimeUnit.SECONDS));
        } catch (ExecutionException e) {
            return "EXCEPTION " + e.getCause();
        } catch (TimeoutException e) {
            return "PENDING";
        }
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static int intParam(UnaryOperator<String> req, String name, int otherwise) {
        String value = req.apply(name);
        return value == null || value.isEmpty() ? otherwise : Integer.parseInt(value);
    }

    private static String code(CspStatus status) {
        return status == null ? "NULL-STATUS" : Integer.toString(status.code());
    }
}
