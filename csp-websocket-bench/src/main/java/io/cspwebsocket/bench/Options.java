package io.cspwebsocket.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The benchmark's settings: {@code --name value} or {@code --name=value} arguments, the same
 * names in the system property {@code bench.args} (whitespace-separated, as Maven passes them),
 * or one system property each ({@code -Dbench.runs=5}). Arguments win over properties.
 */
final class Options {

    /** The default scenarios: each needs one server child and nothing else. */
    static final List<String> ALL_SCENARIOS = List.of("echo-sync", "echo-shared", "broadcast", "idle");

    /** Needs redis-server and two server children: run only when asked for ({@code --scenarios cross-node}). */
    static final String CROSS_NODE = "cross-node";

    /** Every scenario {@code --scenarios} accepts. */
    static final List<String> KNOWN_SCENARIOS = List.of("echo-sync", "echo-shared", "broadcast", "idle", CROSS_NODE);

    static final String USAGE = """
            io.cspwebsocket.bench.Benchmarks [options]   (also: -Dbench.args="options", -Dbench.<name>=value)
              --smoke                     tiny sizes, finishes in well under a minute
              --scenarios LIST            echo-sync,echo-shared,broadcast,idle (the default) and cross-node
                                          (needs redis-server; only when named)
              --jdks LIST                 server JDKs: 25,17 (default); NN-platform = JDK NN with virtual threads off
              --jdk.NN PATH               JAVA_HOME of JDK NN (default: found in /usr/lib/jvm, JAVA_HOME, this JVM)
              --runs N                    measured runs per variant; figures are medians (default 3)
              --echo-connections N        default 1000
              --echo-round-trips N        per connection and run (default 100)
              --echo-warmup N             round trips per connection before each measured run (default 20);
                                          before the runs, one warm-up run of each variant with
                                          max(this, round trips / 4)
              --message-size N            characters per echo or broadcast message (default 64)
              --broadcast-connections N   sockets per broadcast variant (default 5000)
              --broadcast-rounds N        broadcasts per variant and run (default 10)
              --broadcast-warmup N        broadcasts per variant before the runs (default 3)
              --idle-connections N        default 10000
              --idle-runs N               default: --runs
              --idle-variants LIST        raw,csp (default); add csp-nosession for a page with useSession=false
              --cross-node-pages N        cross-node: pages on each of the two nodes (default 10)
              --cross-node-samples N      cross-node: timed writes of each kind (same-node, cross-node) per run
                                          (default 2000)
              --cross-node-warmup N       cross-node: untimed writes of each kind per warm-up series (default 2000);
                                          repeated until the JIT compilers are quiet
              --cross-node-warmup-rounds N  cross-node: at most this many warm-up series (default 10; smoke 1)
              --cross-node-gap-us N       cross-node: pause after each write, in microseconds (default 500)
              --cross-node-heap SIZE      cross-node: -Xmx of each of the two node children (default 1g)
              --redis-server PATH         cross-node: the redis-server executable (default: found in PATH, /usr/bin...)
              --clients N                 HttpClient instances of the load client (default 4)
              --connect-concurrency N     handshakes in flight at once (default 200)
              --server-heap SIZE          -Xmx of the server child (default 4g)
              --max-threads N             Tomcat maxThreads (default 200)
              --tomcat-virtual-threads B  true: Tomcat's own request threads are virtual on JDK 21+
                                          (Connector useVirtualThreads; default false)
              --histo DIR                 write the server's class histograms (and a thread dump) around each idle plateau into DIR
              --jfr DIR                   record each server child with JFR (settings=profile) into DIR
              --out FILE                  also write the report to FILE
              --timeout-seconds N         limit of each phase (default 180)
            """;

    boolean smoke;
    List<String> scenarios = ALL_SCENARIOS;
    List<String> jdks = List.of("25", "17");
    Map<String, String> jdkPaths = new LinkedHashMap<>();
    int runs = 3;
    int echoConnections = 1000;
    int echoRoundTrips = 100;
    int echoWarmup = 20;
    int messageSize = 64;
    int broadcastConnections = 5000;
    int broadcastRounds = 10;
    int broadcastWarmup = 3;
    int idleConnections = 10_000;
    int idleRuns = -1;
    List<String> idleVariants = List.of("raw", "csp");
    int crossNodePages = 10;
    int crossNodeSamples = 2000;
    int crossNodeWarmup = 2000;
    int crossNodeWarmupRounds = 10;
    int crossNodeGapMicros = 500;
    String crossNodeHeap = "1g";
    Path redisServer;
    int clients = 4;
    int connectConcurrency = 200;
    String serverHeap = "4g";
    int maxThreads = 200;
    boolean tomcatVirtualThreads;
    Path jfrDir;
    Path histoDir;
    Path out;
    int timeoutSeconds = 180;
    boolean help;

    /**
     * @param args the command line
     * @return the settings
     * @throws IllegalArgumentException for an unknown option or a bad value
     */
    static Options parse(String... args) {
        return parse(true, args);
    }

    /**
     * @param systemProperties whether {@code bench.*} system properties count (the smoke test leaves them out)
     * @param args the command line
     * @return the settings
     * @throws IllegalArgumentException for an unknown option or a bad value
     */
    static Options parse(boolean systemProperties, String... args) {
        Map<String, String> given = new LinkedHashMap<>();
        List<String> tokens = new ArrayList<>();
        if (systemProperties) {
            for (String name : System.getProperties().stringPropertyNames()) {
                if (name.startsWith("bench.") && !name.equals("bench.args") && !name.equals("bench.serverClasspath")) {
                    given.put(name.substring("bench.".length()), System.getProperty(name));
                }
            }
            String fromProperty = System.getProperty("bench.args", "").trim();
            if (!fromProperty.isEmpty()) {
                tokens.addAll(Arrays.asList(fromProperty.split("\\s+")));
            }
        }
        tokens.addAll(Arrays.asList(args));
        for (int i = 0; i < tokens.size(); i++) {
            String token = tokens.get(i);
            if (token.isBlank()) {
                continue;
            }
            if (!token.startsWith("--")) {
                throw new IllegalArgumentException("unexpected argument '" + token + "'\n" + USAGE);
            }
            String name = token.substring(2);
            String value;
            int eq = name.indexOf('=');
            if (eq >= 0) {
                value = name.substring(eq + 1);
                name = name.substring(0, eq);
            } else if (name.equals("smoke") || name.equals("help")) {
                value = "true";
            } else if (i + 1 < tokens.size()) {
                value = tokens.get(++i);
            } else {
                throw new IllegalArgumentException("--" + name + " needs a value\n" + USAGE);
            }
            given.put(name, value);
        }
        Options options = new Options();
        if (Boolean.parseBoolean(given.getOrDefault("smoke", "false"))) {
            options.smoke = true;
            options.runs = 2;
            options.echoConnections = 20;
            options.echoRoundTrips = 200;
            options.echoWarmup = 20;
            options.broadcastConnections = 100;
            options.broadcastRounds = 5;
            options.broadcastWarmup = 2;
            options.idleConnections = 200;
            options.idleRuns = 1;
            options.crossNodePages = 4;
            options.crossNodeSamples = 200;
            options.crossNodeWarmup = 100;
            options.crossNodeWarmupRounds = 1;
            options.crossNodeHeap = "512m";
            options.clients = 2;
            options.serverHeap = "512m";
            options.timeoutSeconds = 60;
        }
        given.remove("smoke");
        for (Map.Entry<String, String> entry : given.entrySet()) {
            options.set(entry.getKey(), entry.getValue().trim());
        }
        if (options.idleRuns < 0) {
            options.idleRuns = options.runs;
        }
        options.validate();
        return options;
    }

    private void set(String name, String value) {
        if (name.startsWith("jdk.")) {
            jdkPaths.put(name.substring(4), value);
            return;
        }
        switch (name) {
            case "help" -> help = Boolean.parseBoolean(value);
            case "scenarios" -> scenarios = list(value);
            case "jdks" -> jdks = list(value);
            case "runs" -> runs = positive(name, value);
            case "echo-connections" -> echoConnections = positive(name, value);
            case "echo-round-trips" -> echoRoundTrips = positive(name, value);
            case "echo-warmup" -> echoWarmup = nonNegative(name, value);
            case "message-size" -> messageSize = positive(name, value);
            case "broadcast-connections" -> broadcastConnections = positive(name, value);
            case "broadcast-rounds" -> broadcastRounds = positive(name, value);
            case "broadcast-warmup" -> broadcastWarmup = nonNegative(name, value);
            case "idle-connections" -> idleConnections = positive(name, value);
            case "idle-runs" -> idleRuns = positive(name, value);
            case "idle-variants" -> idleVariants = list(value);
            case "cross-node-pages" -> crossNodePages = positive(name, value);
            case "cross-node-samples" -> crossNodeSamples = positive(name, value);
            case "cross-node-warmup" -> crossNodeWarmup = nonNegative(name, value);
            case "cross-node-warmup-rounds" -> crossNodeWarmupRounds = positive(name, value);
            case "cross-node-gap-us" -> crossNodeGapMicros = nonNegative(name, value);
            case "cross-node-heap" -> crossNodeHeap = value;
            case "redis-server" -> redisServer = Path.of(value);
            case "clients" -> clients = positive(name, value);
            case "connect-concurrency" -> connectConcurrency = positive(name, value);
            case "server-heap" -> serverHeap = value;
            case "max-threads" -> maxThreads = positive(name, value);
            case "tomcat-virtual-threads" -> tomcatVirtualThreads = Boolean.parseBoolean(value);
            case "jfr" -> jfrDir = Path.of(value);
            case "histo" -> histoDir = Path.of(value);
            case "out" -> out = Path.of(value);
            case "timeout-seconds" -> timeoutSeconds = positive(name, value);
            default -> throw new IllegalArgumentException("unknown option --" + name + "\n" + USAGE);
        }
    }

    private void validate() {
        for (String scenario : scenarios) {
            if (!KNOWN_SCENARIOS.contains(scenario)) {
                throw new IllegalArgumentException("unknown scenario '" + scenario + "'; known: " + KNOWN_SCENARIOS);
            }
        }
        if (!idleVariants.contains("raw") || !idleVariants.contains("csp")
                || !List.of("raw", "csp", "csp-nosession").containsAll(idleVariants)) {
            throw new IllegalArgumentException("--idle-variants takes raw,csp and optionally csp-nosession; got "
                    + idleVariants);
        }
        for (String jdk : jdks) {
            if (!jdk.matches("\\d+(-platform)?")) {
                throw new IllegalArgumentException("--jdks takes feature versions such as 25,17,25-platform; got " + jdk);
            }
        }
        if (messageSize < 16) {
            throw new IllegalArgumentException("--message-size must be at least 16");
        }
        // The client holds every socket of a scenario (both broadcast sets at once): stay under the fd limit.
        int most = Math.max(idleConnections, Math.max(2 * broadcastConnections, echoConnections));
        if (most > 19_000) {
            throw new IllegalArgumentException("at most 19,000 sockets at once fit the 20,000 file descriptor limit; asked "
                    + most);
        }
    }

    private static List<String> list(String value) {
        List<String> items = new ArrayList<>();
        for (String item : value.split("[,\\s]+")) {
            if (!item.isBlank()) {
                items.add(item.trim());
            }
        }
        return List.copyOf(items);
    }

    private static int positive(String name, String value) {
        int n = nonNegative(name, value);
        if (n == 0) {
            throw new IllegalArgumentException("--" + name + " must be positive");
        }
        return n;
    }

    private static int nonNegative(String name, String value) {
        try {
            int n = Integer.parseInt(value.replace("_", "").replace(",", ""));
            if (n < 0) {
                throw new IllegalArgumentException("--" + name + " must not be negative");
            }
            return n;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--" + name + " takes a number, not '" + value + "'", e);
        }
    }

    /** @return the scale, for the report */
    String describe() {
        return (smoke ? "SMOKE MODE (tiny sizes, not a measurement); " : "")
                + "runs=" + runs + " (idle " + idleRuns + "), echo " + echoConnections + " connections x "
                + echoRoundTrips + " round trips (+" + echoWarmup + " warm-up), message " + messageSize
                + " chars; broadcast to " + broadcastConnections + " sockets x " + broadcastRounds + " rounds (+"
                + broadcastWarmup + " warm-up); idle " + idleConnections + " connections " + idleVariants
                + (scenarios.contains(CROSS_NODE) ? "; cross-node " + crossNodePages + " pages per node, " + crossNodeSamples
                        + " writes of each kind per run (+" + crossNodeWarmup + " warm-up), " + crossNodeGapMicros
                        + " us apart" : "")
                + "; " + clients
                + " HttpClients, " + connectConcurrency + " handshakes in flight";
    }
}
