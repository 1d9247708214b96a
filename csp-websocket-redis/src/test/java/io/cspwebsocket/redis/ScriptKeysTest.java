package io.cspwebsocket.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cspwebsocket.CspStatus;
import io.cspwebsocket.spi.CspCluster;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Every script of the binding declares every key (and shard channel) it touches (issue 17, item 7):
 * Redis routes and checks a script by its declared keys, and a Redis Cluster refuses one that
 * touches a key of another node. Real redis-server watched with {@code MONITOR}, which shows each
 * {@code EVAL} with its keys and each command the script ran ({@code [0 lua]}), while three nodes
 * go through every script: leases taken, renewed and released, openIds with new, live and dead
 * owners, broadcasts with new, live and dead nodes, requests delivered.
 */
class ScriptKeysTest {

    private static final String PAGE = "test.Page";
    private RedisServer redis;
    private final List<CspCluster> started = new ArrayList<>();
    private final String prefix = "keys" + System.nanoTime();

    @BeforeEach
    void startRedis() throws Exception {
        redis = RedisServer.start(Path.of(System.getProperty("redis.workDir", "target/it-work"), "script-keys"));
    }

    @AfterEach
    void stop() {
        for (CspCluster cluster : started) {
            cluster.close();
        }
        redis.close();
    }

    private RedisCluster node(String nodeId, FakeLocalNode local) throws Exception {
        Map<String, String> parameters = new HashMap<>();
        parameters.put(RedisClusterParameters.REDIS, redis.uri());
        parameters.put(RedisClusterParameters.NODE_ID, nodeId);
        parameters.put(RedisClusterParameters.LEASE, "1s");
        parameters.put(RedisClusterParameters.KEY_PREFIX, prefix);
        RedisCluster cluster = (RedisCluster) new RedisClusterProvider().start(local.context(parameters));
        started.add(cluster);
        return cluster;
    }

    @Test
    void everyKeyAScriptTouchesIsDeclared() throws Exception {
        try (Monitor monitor = new Monitor()) {
            RedisCluster a = node("A", new FakeLocalNode());
            FakeLocalNode bSockets = new FakeLocalNode();
            RedisCluster b = node("B", bSockets);
            FakeLocalNode cSockets = new FakeLocalNode();
            RedisCluster c = node("C", cSockets);
            String onB = "B~" + "k".repeat(22);
            String onC = "C~" + "k".repeat(22);
            bSockets.openSocket(onB, PAGE);
            b.opened(onB, PAGE);
            cSockets.openSocket(onC, PAGE);
            c.opened(onC, PAGE);
            assertEquals(Set.of(onB, onC), a.openIds(PAGE), "owners new to A");
            assertEquals(Set.of(onB, onC), a.openIds(PAGE), "owners A knows");
            Duration timeout = Duration.ofSeconds(5);
            a.broadcast(PAGE, "nodes new to A", timeout).toCompletableFuture().get(10, TimeUnit.SECONDS);
            a.broadcast(PAGE, "nodes A knows", timeout).toCompletableFuture().get(10, TimeUnit.SECONDS);
            assertEquals(CspStatus.OK, a.write("B", onB, "delivered", null, timeout).toCompletableFuture()
                    .get(10, TimeUnit.SECONDS));
            c.halt(); // its lease expires: its owner entry and its node entry are dropped by scripts
            Thread.sleep(1500);
            assertEquals(Set.of(onB), a.openIds(PAGE), "a dead owner");
            a.broadcast(PAGE, "a dead node", timeout).toCompletableFuture().get(10, TimeUnit.SECONDS);
            b.close(); // releases its lease
            Thread.sleep(300);
            monitor.assertDeclared();
        }
    }

    /** A {@code MONITOR} connection that records what Redis runs. */
    private final class Monitor implements AutoCloseable {
        private final Socket socket = new Socket();
        private final List<String> lines = new CopyOnWriteArrayList<>();
        private final Thread reader;

        Monitor() throws IOException {
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), redis.port()), 2000);
            socket.getOutputStream().write("MONITOR\r\n".getBytes(StandardCharsets.US_ASCII));
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
            assertEquals("+OK", in.readLine());
            reader = new Thread(() -> {
                try {
                    for (String line = in.readLine(); line != null; line = in.readLine()) {
                        lines.add(line);
                    }
                } catch (IOException e) {
                    // closed
                }
            }, "monitor");
            reader.setDaemon(true);
            reader.start();
        }

        /** Each run of {@code [0 lua]} lines follows (Redis 7) or precedes its EVAL: both are tried. */
        void assertDeclared() {
            List<List<String>> parsed = new ArrayList<>();
            for (String line : lines) {
                parsed.add(arguments(line));
            }
            int evals = 0;
            int checked = 0;
            for (int i = 0; i < lines.size(); i++) {
                if (!isEval(parsed.get(i), lines.get(i))) {
                    continue;
                }
                evals++;
                List<String> eval = parsed.get(i);
                int count = Integer.parseInt(eval.get(2));
                Set<String> declared = new HashSet<>(eval.subList(3, 3 + count));
                List<Integer> inner = new ArrayList<>();
                for (int j = i + 1; j < lines.size() && lines.get(j).contains(" lua] "); j++) {
                    inner.add(j);
                }
                for (int j : inner) {
                    List<String> command = parsed.get(j);
                    for (String key : touched(command)) {
                        checked++;
                        assertTrue(declared.contains(key), "the script ran " + command + " on " + key
                                + ", not among its declared keys " + declared + ": " + eval.get(1));
                    }
                }
            }
            assertTrue(evals >= 10, "too few scripts seen: " + evals);
            assertTrue(checked >= 20, "too few keys checked: " + checked);
            System.out.println("[ScriptKeysTest] " + evals + " scripts, " + checked + " keys checked");
        }

        private boolean isEval(List<String> arguments, String line) {
            return !line.contains(" lua] ") && !arguments.isEmpty() && arguments.get(0).equalsIgnoreCase("EVAL");
        }

        /** @return the keys (and channels) a command run by a script names */
        private List<String> touched(List<String> command) {
            String name = command.get(0).toUpperCase(java.util.Locale.ROOT);
            return switch (name) {
                case "DEL", "EXISTS" -> command.subList(1, command.size());
                case "GET", "SET", "SADD", "SREM", "SMEMBERS", "INCR", "PUBLISH", "SPUBLISH" -> List.of(command.get(1));
                default -> throw new AssertionError("a command this test does not know: " + command);
            };
        }

        /** @return the quoted arguments of a MONITOR line, unescaped (enough for keys: \\, \", \n, \r, \t, \xHH) */
        private List<String> arguments(String line) {
            List<String> out = new ArrayList<>();
            int i = line.indexOf("] ");
            if (i < 0) {
                return out;
            }
            for (i += 2; i < line.length(); i++) {
                if (line.charAt(i) != '"') {
                    continue;
                }
                StringBuilder argument = new StringBuilder();
                for (i++; i < line.length() && line.charAt(i) != '"'; i++) {
                    char ch = line.charAt(i);
                    if (ch == '\\' && i + 1 < line.length()) {
                        char next = line.charAt(++i);
                        switch (next) {
                            case 'n' -> argument.append('\n');
                            case 'r' -> argument.append('\r');
                            case 't' -> argument.append('\t');
                            case 'x' -> {
                                argument.append((char) Integer.parseInt(line.substring(i + 1, i + 3), 16));
                                i += 2;
                            }
                            default -> argument.append(next);
                        }
                    } else {
                        argument.append(ch);
                    }
                }
                out.add(argument.toString());
            }
            return out;
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }
}
