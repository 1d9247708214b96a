package io.cspwebsocket.bench;

import io.cspwebsocket.impl.CspServletContainerInitializer;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Arrays;
import java.util.Set;
import org.apache.catalina.Context;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.servlets.DefaultServlet;
import org.apache.catalina.session.StandardManager;
import org.apache.catalina.startup.Tomcat;
import org.apache.tomcat.websocket.server.WsSci;

/**
 * The server child of the benchmark: one embedded Tomcat on 127.0.0.1 serving both the raw
 * JSR 356 endpoints ({@code /raw/...}) and the equivalent CSP pages
 * ({@code /csp/user/Bench.*.cls}), plus {@link ControlServlet} at {@code /bench/ctl}.
 *
 * <p>Started by {@link Benchmarks} with the JDK under test. It prints
 * {@code BENCH-READY port=<port> java=<version> virtualThreads=<bool>} once it listens, and
 * stops on a {@code quit} line on standard input, on the end of standard input (the parent
 * died), or after {@code --max-lifetime-seconds}.
 */
public final class BenchServer {

    /** The line prefix the parent waits for. */
    static final String READY = "BENCH-READY";

    private BenchServer() {
    }

    /**
     * Runs the server child.
     *
     * @param args {@code --max-connections N --max-threads N --accept-count N --max-lifetime-seconds N}
     *             and optionally {@code --tomcat-virtual-threads}, and {@code --redis URI --node-id ID} to
     *             join a cluster through Redis
     * @throws Exception if Tomcat cannot start
     */
    public static void main(String[] args) throws Exception {
        int maxConnections = intArg(args, "--max-connections", 20_000);
        int maxThreads = intArg(args, "--max-threads", 200);
        int acceptCount = intArg(args, "--accept-count", 2048);
        int maxLifetimeSeconds = intArg(args, "--max-lifetime-seconds", 3600);
        startWatchdog(maxLifetimeSeconds);

        File base = Files.createTempDirectory("csp-bench-tomcat").toFile();
        base.deleteOnExit();
        Tomcat tomcat = new Tomcat();
        tomcat.setBaseDir(base.getAbsolutePath());
        Connector connector = new Connector();
        connector.setPort(0);
        connector.setProperty("address", "127.0.0.1");
        connector.setProperty("maxConnections", Integer.toString(maxConnections));
        connector.setProperty("maxThreads", Integer.toString(maxThreads));
        if (Arrays.asList(args).contains("--tomcat-virtual-threads") && Runtime.version().feature() >= 21
                && !connector.setProperty("useVirtualThreads", "true")) {
            throw new IllegalStateException("this Tomcat has no useVirtualThreads");
        }
        connector.setProperty("acceptCount", Integer.toString(acceptCount));
        // No NioChannel cache: otherwise channels (with their buffers) of one run's closed sockets
        // are kept and reused by the next run, and heap per connection depends on the run order.
        connector.setProperty("socket.bufferPool", "0");
        tomcat.setConnector(connector);
        Context context = tomcat.addContext("", base.getAbsolutePath());
        StandardManager sessions = new StandardManager();
        sessions.setPathname(null); // no session persistence on stop
        context.setManager(sessions);
        String redis = stringArg(args, "--redis");
        if (redis != null) {
            // The cross-node scenario: the Redis cluster binding (csp-websocket-redis on the class
            // path) joins this node under a fixed id, so that node A can tell its own ids from B's.
            String nodeId = stringArg(args, "--node-id");
            context.addParameter(io.cspwebsocket.redis.RedisClusterParameters.REDIS, redis);
            context.addParameter(io.cspwebsocket.redis.RedisClusterParameters.NODE_ID, nodeId);
            CrossNodeWriter.nodeId = nodeId;
        }
        // addContext() has no default servlet: without one, upgrades get 404.
        Tomcat.addServlet(context, "default", new DefaultServlet()).addMapping("/");
        Tomcat.addServlet(context, "bench-control", new ControlServlet()).addMapping("/bench/ctl");
        context.addServletContainerInitializer(new WsSci(),
                Set.of(RawEchoEndpoint.class, RawThreadEchoEndpoint.class, RawIdleEndpoint.class,
                        RawBroadcastEndpoint.class));
        context.addServletContainerInitializer(new CspServletContainerInitializer(), ControlServlet.pages());
        tomcat.start();

        boolean virtual = Runtime.version().feature() >= 21
                && !"false".equalsIgnoreCase(System.getProperty("io.cspwebsocket.virtualThreads"));
        System.out.println(READY + " port=" + tomcat.getConnector().getLocalPort() + " java="
                + System.getProperty("java.version") + " virtualThreads=" + virtual);
        System.out.flush();

        try (BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null && !line.trim().equals("quit")) {
                // only "quit" is understood
            }
        } catch (IOException e) {
            // the parent is gone
        }
        stop(tomcat);
        System.exit(0);
    }

    /** Stops Tomcat within 15 s; the JVM exits after that in any case. */
    private static void stop(Tomcat tomcat) {
        Thread stopper = new Thread(() -> {
            try {
                tomcat.stop();
                tomcat.destroy();
            } catch (Exception e) {
                System.err.println("tomcat stop failed: " + e);
            }
        }, "bench-stop");
        stopper.setDaemon(true);
        stopper.start();
        try {
            stopper.join(15_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void startWatchdog(int seconds) {
        Thread watchdog = new Thread(() -> {
            try {
                Thread.sleep(seconds * 1000L);
                System.err.println("bench server: max lifetime of " + seconds + " s reached; halting");
                Runtime.getRuntime().halt(3);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "bench-watchdog");
        watchdog.setDaemon(true);
        watchdog.start();
    }

    private static String stringArg(String[] args, String name) {
        for (int i = 0; i < args.length - 1; i++) {
            if (args[i].equals(name)) {
                return args[i + 1];
            }
        }
        return null;
    }

    private static int intArg(String[] args, String name, int fallback) {
        for (int i = 0; i < args.length - 1; i++) {
            if (args[i].equals(name)) {
                return Integer.parseInt(args[i + 1]);
            }
        }
        return fallback;
    }
}
