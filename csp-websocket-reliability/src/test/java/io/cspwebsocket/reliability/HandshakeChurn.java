package io.cspwebsocket.reliability;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A tool, not a test: churns handshakes against one running server and reports every handshake
 * that fails or takes longer than 10 s. Each of N threads opens a socket with the JDK client
 * (one shared {@code HttpClient}, as the TCK does), closes it with 1000 or aborts it, and starts
 * again. With a server pid, the first two stalls also dump the threads of the server and of this
 * JVM ({@code jcmd}) into the working directory.
 *
 * <p>Found the Payara stall of RELIABILITY.md ("Defects found"). Run it, for example against the
 * demo on Payara Micro, from the repository root after {@code mvn -B test-compile -pl
 * csp-websocket-reliability -am}:
 * <pre>
 * java -cp csp-websocket-reliability/target/test-classes io.cspwebsocket.reliability.HandshakeChurn \
 *     'ws://127.0.0.1:8080/csp-websocket-demo/csp/user/MyApp.Chat.cls?room=lobby' 8 90 [server-pid]
 * </pre>
 */
public final class HandshakeChurn {

    private static final Duration HANDSHAKE_LIMIT = Duration.ofSeconds(10);
    private static final int MAX_DUMPS = 2;

    private HandshakeChurn() {
    }

    /**
     * Runs the churn.
     *
     * @param args URL, threads, seconds, and optionally the server's pid
     * @throws InterruptedException if interrupted
     */
    public static void main(String[] args) throws InterruptedException {
        if (args.length < 3) {
            System.err.println("usage: HandshakeChurn ws-url threads seconds [server-pid]");
            System.exit(2);
        }
        URI uri = URI.create(args[0]);
        int threads = Integer.parseInt(args[1]);
        long seconds = Long.parseLong(args[2]);
        String serverPid = args.length > 3 ? args[3] : null;
        HttpClient http = HttpClient.newBuilder().connectTimeout(HANDSHAKE_LIMIT).build();
        AtomicLong opened = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        AtomicInteger dumps = new AtomicInteger();
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        for (int t = 0; t < threads; t++) {
            pool.execute(() -> {
                while (System.nanoTime() - end < 0) {
                    if (churnOnce(http, uri, opened)) {
                        continue;
                    }
                    failed.incrementAndGet();
                    if (serverPid != null && dumps.incrementAndGet() <= MAX_DUMPS) {
                        dumpThreads(serverPid);
                    }
                }
            });
        }
        pool.shutdown();
        if (!pool.awaitTermination(seconds + 60, TimeUnit.SECONDS)) {
            System.out.println("the churn threads did not end");
        }
        System.out.println("handshakes: " + opened + " ok, " + failed + " failed or over "
                + HANDSHAKE_LIMIT.toSeconds() + " s");
    }

    /** @return whether the handshake finished in time (the socket is then closed or aborted) */
    private static boolean churnOnce(HttpClient http, URI uri, AtomicLong opened) {
        long start = System.nanoTime();
        CompletableFuture<WebSocket> pending = http.newWebSocketBuilder().subprotocols("chat")
                .connectTimeout(HANDSHAKE_LIMIT).buildAsync(uri, new WebSocket.Listener() { });
        try {
            WebSocket socket = pending.get(HANDSHAKE_LIMIT.toMillis(), TimeUnit.MILLISECONDS);
            opened.incrementAndGet();
            if (ThreadLocalRandom.current().nextBoolean()) {
                socket.sendClose(WebSocket.NORMAL_CLOSURE, "").get(5, TimeUnit.SECONDS);
            }
            socket.abort();
            return true;
        } catch (ExecutionException e) {
            String refusal = "";
            if (e.getCause() instanceof WebSocketHandshakeException refused) {
                refusal = "; HTTP " + refused.getResponse().statusCode() + " " + refused.getResponse().headers().map()
                        + " body " + refused.getResponse().body();
            }
            report("failed after " + (System.nanoTime() - start) / 1_000_000 + " ms: " + e.getCause() + refusal);
            return false;
        } catch (TimeoutException e) {
            pending.cancel(true);
            report("did not finish within " + HANDSHAKE_LIMIT.toSeconds() + " s");
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static void report(String what) {
        System.out.println(Instant.now() + " handshake " + what);
    }

    private static void dumpThreads(String serverPid) {
        long stamp = System.currentTimeMillis();
        String self = Long.toString(ProcessHandle.current().pid());
        for (String[] target : new String[][] {{serverPid, "server"}, {self, "client"}}) {
            File out = new File("churn-" + target[1] + "-" + stamp + ".txt");
            try {
                Process jcmd = new ProcessBuilder("jcmd", target[0], "Thread.print", "-l").redirectErrorStream(true)
                        .redirectOutput(out).start();
                if (!jcmd.waitFor(30, TimeUnit.SECONDS)) {
                    jcmd.destroyForcibly();
                }
                System.out.println("threads of the " + target[1] + " in " + out);
            } catch (IOException e) {
                System.out.println("no thread dump of the " + target[1] + ": " + e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
