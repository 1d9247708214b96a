package io.cspwebsocket.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cspwebsocket.reliability.probe.Probe;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Queue;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Scenario 8, handshake fuzz (SPEC §1.4, §2.2, §7.1, §8.2, §8.3 "fail closed"): thousands of raw
 * handshakes over plain sockets, each one combination of a spelling of a page's URL, a page (with
 * and without an HTTP session), an Origin and a defect of the upgrade request, sent from a few
 * threads at once while a healthy JDK-client socket keeps echoing.
 *
 * <p>For every handshake: a 101 only for a valid request with an allowed Origin on a spelling the
 * container maps to the page, and then only after that page's onPreServer ran for that very
 * request (its token in the probe, its WebSocketID in the first frame, its session in the cookie);
 * any other answer ran no page code (except onPreServer when it is the one refusing) and set no
 * session cookie. Afterwards: no socket open or registered, page instances created only for 101s
 * and onPreServer refusals, HTTP sessions only for 101s of the session page, RefusedHandshakes =
 * the 403s, and the healthy socket still open. A failure lists the run's figures and then each
 * handshake that broke a rule, with the request's bytes and the response head; the printed seed
 * ({@code -Dreliability.fuzz.seed=…}) repeats the order of combinations (threads still interleave).
 */
class HandshakeFuzzTest extends SuiteBase {

    /** Concurrent fuzzing clients: handshakes interleave on the container's request threads. */
    private static final int THREADS = 4;
    /** The healthy socket must echo once every this many handshakes. */
    private static final int ECHO_EVERY = 50;
    /** The outcome of a connection that ended before a whole response head. */
    private static final int CLOSED = -1;
    /** The outcome of a server that answered nothing in time: never acceptable. */
    private static final int SILENT = -2;
    private static final int READ_TIMEOUT_MILLIS = 15_000;
    /** A header value far over Tomcat's maxHttpHeaderSize (8 KiB). */
    private static final int OVERSIZED_VALUE = 64 << 10;
    private static final String WEBSOCKET_GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";
    /** What onPreServer of a fuzz page records: {@code pre <CSP name> <WebSocketID> <session id>}. */
    private static final Pattern PRE = Pattern.compile("pre (\\S+) (\\S+) (\\S+)");

    /** What a spelling names once the container has decoded, dropped path parameters and normalised it. */
    enum Target {
        /** The page's own URL: the library's servlet answers. */
        PAGE("page URL"),
        /** No page: the container's default servlet answers 404 (SPEC §1.4). */
        NOT_FOUND("not found"),
        /** The page's endpoint path, which only the library's servlet may use (SPEC §8.3). */
        INTERNAL("internal path");

        final String label;

        Target(String label) {
            this.label = label;
        }
    }

    /** A way of writing a page's URL; {@code path} turns a CSP name into the raw request path. */
    record Spelling(String label, UnaryOperator<String> path, Target target) {
    }

    /**
     * Tomcat decodes {@code %2E}, drops path parameters ({@code ;x=1}) from every segment, merges
     * {@code //} and resolves {@code ./} and {@code ../} before it maps a request, so all of the
     * first eight reach the page's servlet: each must get exactly the canonical path's checks.
     * Names are case-sensitive, and only registered CSP names are pages.
     */
    private static final List<Spelling> SPELLINGS = List.of(
            new Spelling("canonical", name -> "/csp/user/" + name + ".cls", Target.PAGE),
            new Spelling(";x=1", name -> "/csp/user/" + name + ".cls;x=1", Target.PAGE),
            new Spelling("csp;a=b", name -> "/csp;a=b/user/" + name + ".cls", Target.PAGE),
            new Spelling("%2Ecls", name -> "/csp/user/" + name + "%2Ecls", Target.PAGE),
            new Spelling("%2e in name", name -> "/csp/user/" + name.replace(".", "%2e") + ".cls", Target.PAGE),
            new Spelling("//", name -> "/csp//user/" + name + ".cls", Target.PAGE),
            new Spelling("/./", name -> "/csp/./user/" + name + ".cls", Target.PAGE),
            new Spelling("/x/../", name -> "/csp/user/x/../" + name + ".cls", Target.PAGE),
            new Spelling("upper-case", name -> "/csp/user/" + name.toUpperCase(Locale.ROOT) + ".cls", Target.NOT_FOUND),
            new Spelling("internal", name -> "/csp-websocket.internal/csp/user/" + name + ".cls", Target.INTERNAL),
            new Spelling("unknown page", name -> "/csp/user/Rel.NoSuchPage.cls", Target.NOT_FOUND),
            new Spelling("java.lang.Runtime", name -> "/csp/user/java.lang.Runtime.cls", Target.NOT_FOUND),
            new Spelling("page's Java class", name -> "/csp/user/io.cspwebsocket.reliability.pages."
                    + name.substring("Rel.".length()) + ".cls", Target.NOT_FOUND));

    /** The two fuzz pages (pages.FuzzPage). */
    record Page(String cspName, boolean useSession) {
    }

    private static final List<Page> PAGES = List.of(new Page("Rel.Fuzz", true), new Page("Rel.FuzzNoSession", false));

    enum Origin {
        NONE, SAME, CROSS_SITE, NULL;

        /** SPEC §8.2: absent or same-origin; {@code null} counts as cross-site. */
        boolean allowed() {
            return this == NONE || this == SAME;
        }

        String value(int port) {
            switch (this) {
                case SAME:
                    return "http://127.0.0.1:" + port;
                case CROSS_SITE:
                    return "http://evil.example";
                case NULL:
                    return "null";
                default:
                    return null;
            }
        }
    }

    /** What is wrong with the upgrade request, if anything. */
    enum Defect {
        NONE(true),
        /** {@code Upgrade: websocket} twice: a list header (RFC 9110 §5.3), the same as "websocket, websocket". */
        TWO_UPGRADES(true),
        /** What Firefox sends: {@code Connection: keep-alive, Upgrade} and {@code Upgrade: WebSocket} (tokens, any case). */
        KEEP_ALIVE_UPGRADE(true),
        /** A valid request whose page refuses in onPreServer ({@code refuse=1}). */
        PAGE_REFUSES(true),
        NO_KEY(false),
        /** Base64 of 15 bytes, not 16. */
        SHORT_KEY(false),
        TWO_KEYS(false),
        VERSION_8(false),
        NO_VERSION(false),
        POST(false),
        HTTP_1_0(false),
        NO_CONNECTION(false),
        /** A 64 KiB header value. */
        OVERSIZED(false);

        final boolean valid;

        Defect(boolean valid) {
            this.valid = valid;
        }
    }

    record Combination(Spelling spelling, Page page, Origin origin, Defect defect) {
        @Override
        public String toString() {
            return spelling.label() + " / " + page.cspName() + " / Origin " + origin + " / " + defect;
        }
    }

    /** The statuses allowed for a combination, and whether its page's onPreServer must have run. */
    record Expected(Set<Integer> statuses, boolean preServer) {
        boolean upgrades() {
            return statuses.contains(101);
        }
    }

    private static Expected refused(Integer... statuses) {
        return new Expected(Set.of(statuses), false);
    }

    /** The one oracle of the fuzz: what SPEC §1.4, §2.2, §8.2 and §8.3 say each combination gets. */
    static Expected expected(Combination c) {
        if (c.defect() == Defect.OVERSIZED) {
            // Over maxHttpHeaderSize the container refuses the head itself, before any servlet (a
            // refusal either way; Tomcat 10.1 says 400 and closes, or resets the unread rest).
            return refused(400, 413, 431, CLOSED);
        }
        switch (c.spelling().target()) {
            case NOT_FOUND:
                return refused(404);
            case INTERNAL:
                // Tomcat's own WsFilter takes it: its checks (400, 426), then the page's configurator
                // refuses everything the library's servlet did not prepare (403); what WsFilter does
                // not take for an upgrade (POST) goes on to the default servlet (404).
                return refused(400, 403, 404, 426);
            default:
                break;
        }
        switch (c.defect()) {
            case VERSION_8:
            case NO_VERSION:
                return refused(426);
            case NO_KEY:
            case SHORT_KEY:
            case TWO_KEYS:
            case POST:
            case HTTP_1_0:
            case NO_CONNECTION:
                return refused(400);
            default:
                break;
        }
        if (!c.origin().allowed()) {
            return refused(403);
        }
        if (c.defect() == Defect.PAGE_REFUSES) {
            return new Expected(Set.of(403), true);
        }
        return new Expected(Set.of(101), true);
    }

    @BeforeAll
    static void startServer() throws Exception {
        start(200, Map.of(), Map.of());
    }

    private final Queue<String> violations = new ConcurrentLinkedQueue<>();
    /** Answers by what the spelling names, then status: {@code PAGE -> {101 -> n, 400 -> n, …}, …}. */
    private final Map<Target, Map<Integer, LongAdder>> outcomes = new ConcurrentHashMap<>();
    private final LongAdder upgraded = new LongAdder();
    private final LongAdder upgradedWithSession = new LongAdder();
    private final LongAdder refusedByPreServer = new LongAdder();
    private final LongAdder forbidden = new LongAdder();
    private final LongAdder echoes = new LongAdder();
    /** Tokens of refused handshakes that must never show page code, checked again at the end. */
    private final Queue<String> silentTokens = new ConcurrentLinkedQueue<>();
    private WsClient healthy;
    private int port;

    @Test
    void onlyValidAllowedHandshakesOnThePagesOwnUrlUpgradeAndOnlyThroughTheirPage() throws Exception {
        int n = Sizes.FUZZ_HANDSHAKES;
        long seed = Long.getLong("reliability.fuzz.seed", System.nanoTime());
        port = server.port();
        List<Combination> order = order(n, seed);

        long openBaseline = Jmx.get("OpenSockets");
        int constructedBefore = Probe.counter("fuzz.constructed");
        int preServerBefore = Probe.counter("fuzz.preServer");
        int postBefore = Probe.counter("fuzz.post");
        healthy = WsClient.connect(server.ws("Rel.Echo"));
        Jmx.Counters before = Jmx.Counters.now();
        long sessionsBefore = server.sessionsCreated();
        int activeSessionsBefore = server.activeSessions();

        long start = System.nanoTime();
        ExecutorService clients = Executors.newFixedThreadPool(THREADS);
        AtomicInteger next = new AtomicInteger();
        for (int t = 0; t < THREADS; t++) {
            clients.execute(() -> {
                for (int i = next.getAndIncrement(); i < n; i = next.getAndIncrement()) {
                    fuzzOne(i, order.get(i));
                }
            });
        }
        clients.shutdown();
        assertTrue(clients.awaitTermination(10, TimeUnit.MINUTES), "the fuzzing clients did not finish");
        long millis = (System.nanoTime() - start) / 1_000_000;

        // Each check below adds to one report rather than stop at the first: a run shows all that broke.
        List<String> failures = new ArrayList<>();
        long accepted = upgraded.sum();
        long preRefused = refusedByPreServer.sum();
        // Every accepted socket ran onPostServer, nothing is left open or registered.
        check(failures, () -> Await.until(Duration.ofSeconds(30),
                () -> Probe.counter("fuzz.post") - postBefore == accepted,
                () -> "onPostServer ran " + (Probe.counter("fuzz.post") - postBefore) + " times for " + accepted
                        + " upgrades"));
        check(failures, () -> Await.until(Duration.ofSeconds(10), () -> Jmx.get("OpenSockets") == openBaseline + 1,
                () -> "OpenSockets " + Jmx.get("OpenSockets") + ", baseline " + openBaseline + " + the healthy socket"));
        Jmx.Counters after = Jmx.Counters.now();
        check(failures, () -> assertEquals(accepted, after.opened() - before.opened(), "OpenedSockets: the 101s"));
        check(failures, () -> assertEquals(forbidden.sum(), after.refused() - before.refused(),
                "RefusedHandshakes: the 403s"));
        check(failures, () -> assertEquals(0, after.callbackErrors() - before.callbackErrors(), "CallbackErrors"));
        // Page code ran for 101s and onPreServer refusals only, also counting anything that ran late.
        check(failures, () -> assertEquals(accepted + preRefused, Probe.counter("fuzz.constructed") - constructedBefore,
                "page instances created = 101s + onPreServer refusals"));
        check(failures, () -> assertEquals(accepted + preRefused, Probe.counter("fuzz.preServer") - preServerBefore,
                "onPreServer runs = 101s + onPreServer refusals"));
        List<String> late = silentTokens.stream().filter(token -> !Probe.events("fuzz:" + token).isEmpty())
                .map(token -> token + " " + Probe.events("fuzz:" + token)).limit(10).collect(Collectors.toList());
        check(failures, () -> assertEquals(List.of(), late, "page code for refused handshakes, after their refusal"));
        String registry = AbruptClientTest.inspect("AAAAAAAAAAAAAAAAAAAAAA");
        Matcher listed = Pattern.compile(" fuzz=(\\d+) fuzzNoSession=(\\d+)").matcher(registry);
        check(failures, () -> assertTrue(listed.find() && listed.group(1).equals("0") && listed.group(2).equals("0"),
                "openIds of Rel.Fuzz and Rel.FuzzNoSession: " + registry));
        // SPEC §7.1 and §8.3: sessions are left only by upgrades of the session page. An onPreServer
        // refusal ran after its session was bound (the page has its SessionId before onPreServer,
        // §2.1): that session is ended at once and its cookie withdrawn (checked per handshake).
        long sessions = server.sessionsCreated() - sessionsBefore;
        int activeSessions = server.activeSessions() - activeSessionsBefore;
        check(failures, () -> assertTrue(activeSessions <= upgradedWithSession.sum(), "HTTP sessions left: "
                + activeSessions + " for " + upgradedWithSession.sum() + " upgrades of the session page"));
        check(failures, () -> assertTrue(sessions <= upgradedWithSession.sum() + preRefused, "HTTP sessions created: "
                + sessions + " for " + upgradedWithSession.sum() + " upgrades of the session page and " + preRefused
                + " onPreServer refusals"));
        check(failures, () -> assertTrue(!healthy.closed.isDone(), "the healthy socket was closed"));
        echo(n);
        // The run's figures first, then each handshake that broke a rule, with its bytes and answer.
        failures.addAll(violations);
        String counts = outcomeCounts();
        assertEquals(0, failures.size(), () -> failures.size() + " failures in " + n + " handshakes (seed " + seed
                + ", outcomes " + counts + ", " + accepted + " upgrades, " + preRefused + " refused by onPreServer,"
                + " sessions +" + sessions + " (active +" + activeSessions + ")); the first ones:\n"
                + failures.stream().limit(25).collect(Collectors.joining("\n")));

        healthy.close();
        assertEquals(1000, healthy.awaitClose());
        Await.until(Duration.ofSeconds(10), () -> Jmx.get("OpenSockets") == openBaseline,
                () -> "OpenSockets " + Jmx.get("OpenSockets") + ", baseline " + openBaseline);
        assertLogLinesCarryIds();
        System.out.printf("RELIABILITY handshake fuzz (%s): %,d handshakes (%,d combinations, seed %d) from %d threads"
                + " in %.1f s: %s; %d upgrades ran their own onPreServer (%d with a session cookie), %d refused"
                + " by onPreServer, page instances = %d, no page code for the other %,d; sessions +%d (active +%d);"
                + " the healthy socket echoed %d times meanwhile%n", Sizes.describe(), n, combinations().size(), seed,
                THREADS, millis / 1000.0, counts, accepted, upgradedWithSession.sum(), preRefused, accepted + preRefused,
                n - accepted - preRefused, sessions, activeSessions, echoes.sum());
    }

    /** Runs one check, adding its failure to the report instead of ending the test. */
    private static void check(List<String> failures, Runnable check) {
        try {
            check.run();
        } catch (AssertionError e) {
            failures.add(e.getMessage());
        }
    }

    private static List<Combination> combinations() {
        List<Combination> all = new ArrayList<>();
        for (Spelling spelling : SPELLINGS) {
            for (Page page : PAGES) {
                for (Origin origin : Origin.values()) {
                    for (Defect defect : Defect.values()) {
                        all.add(new Combination(spelling, page, origin, defect));
                    }
                }
            }
        }
        return all;
    }

    /** Every combination once per round, each round shuffled, as many rounds as {@code n} needs. */
    private static List<Combination> order(int n, long seed) {
        List<Combination> all = combinations();
        Random random = new Random(seed);
        List<Combination> order = new ArrayList<>(n + all.size());
        while (order.size() < n) {
            List<Combination> round = new ArrayList<>(all);
            Collections.shuffle(round, random);
            order.addAll(round);
        }
        return order.subList(0, n);
    }

    /** One handshake: send it, judge the answer, close what opened. Records violations, never throws. */
    private void fuzzOne(int index, Combination c) {
        String token = "f" + index;
        byte[] nonce = new byte[16];
        ThreadLocalRandom.current().nextBytes(nonce);
        String key = Base64.getEncoder().encodeToString(nonce);
        String request = request(c, token, key);
        RawWs raw = null;
        int status;
        try {
            raw = RawWs.exchange(port, request.getBytes(StandardCharsets.ISO_8859_1), READ_TIMEOUT_MILLIS);
            status = raw.status;
        } catch (SocketTimeoutException e) {
            status = SILENT;
        } catch (IOException e) {
            status = CLOSED;
        }
        outcomes.computeIfAbsent(c.spelling().target(), t -> new ConcurrentHashMap<>())
                .computeIfAbsent(status, s -> new LongAdder()).increment();
        try {
            Expected expected = expected(c);
            if (status == 101) {
                upgradedOne(c, expected, token, key, raw, request);
            } else {
                refusedOne(c, expected, token, status, raw, request);
            }
        } catch (IOException | RuntimeException | AssertionError e) {
            violations.add(c + ": " + e + "\n  request: " + shown(request) + "\n  response: " + shown(raw, status));
        } finally {
            if (raw != null) {
                try {
                    raw.close();
                } catch (IOException ignored) {
                    // closed already
                }
            }
        }
        if (index % ECHO_EVERY == 0) {
            echo(index);
        }
    }

    /** A 101: it must be allowed, and the socket that opened must be this request's page. */
    private void upgradedOne(Combination c, Expected expected, String token, String key, RawWs raw, String request)
            throws IOException {
        List<String> problems = new ArrayList<>();
        if (!expected.upgrades()) {
            problems.add("101 for a handshake that must get " + expected.statuses());
        }
        if (!raw.header("Sec-WebSocket-Accept").equals(List.of(accept(key)))) {
            problems.add("Sec-WebSocket-Accept is not that of its key");
        }
        List<String> events = Probe.events("fuzz:" + token);
        List<String> pre = events.stream().filter(e -> e.startsWith("pre ")).collect(Collectors.toList());
        List<String> cookies = sessionCookies(raw);
        if (pre.size() != 1) {
            problems.add("101 without exactly one onPreServer of its own: " + events);
        } else {
            Matcher m = PRE.matcher(pre.get(0));
            assertTrue(m.matches(), pre.get(0));
            if (!m.group(1).equals(c.page().cspName())) {
                problems.add("onPreServer of " + m.group(1) + " ran for a handshake to " + c.page().cspName());
            }
            RawWs.Frame first = raw.readFrame();
            if (first.opcode() != RawWs.TEXT || !first.text().equals("id:" + m.group(2))) {
                problems.add("the socket is not the one whose onPreServer ran (" + m.group(2) + "): first frame "
                        + first.opcode() + " '" + first.text() + "'");
            }
            // SPEC §7.1: the session page's session is created on the handshake, its cookie set on the 101.
            boolean cookieOk = c.page().useSession() ? cookies.size() == 1
                    && cookies.get(0).matches("JSESSIONID=" + Pattern.quote(m.group(3)) + "(;.*)?") : cookies.isEmpty();
            if (!cookieOk) {
                problems.add("session cookies " + cookies + " on the 101 of " + c.page().cspName() + " (session "
                        + m.group(3) + ")");
            }
        }
        // Close properly (a close frame, then the server's), so that nothing lingers.
        raw.frame(RawWs.CLOSE, true, new byte[] {0x03, (byte) 0xE8});
        int code = raw.awaitClose();
        if (code != 1000) {
            problems.add("closing the socket got " + code + " instead of 1000");
        }
        upgraded.increment();
        if (c.page().useSession()) {
            upgradedWithSession.increment();
        }
        if (!problems.isEmpty()) {
            violations.add(c + ": " + problems + "\n  request: " + shown(request) + "\n  response: " + shown(raw, 101));
        }
    }

    /** Anything but a 101: the expected refusal, no session cookie, no page code unless onPreServer refused. */
    private void refusedOne(Combination c, Expected expected, String token, int status, RawWs raw, String request) {
        List<String> problems = new ArrayList<>();
        if (!expected.statuses().contains(status)) {
            problems.add("expected " + expected.statuses() + ", got " + status);
        }
        List<String> cookies = sessionCookies(raw);
        if (!cookies.isEmpty()) {
            problems.add("a session cookie on a refusal: " + cookies);
        }
        if (status == 426 && c.spelling().target() == Target.PAGE
                && !raw.header("Sec-WebSocket-Version").equals(List.of("13"))) {
            problems.add("426 without Sec-WebSocket-Version: 13");
        }
        if (status == 403) {
            forbidden.increment();
        }
        List<String> events = Probe.events("fuzz:" + token);
        if (expected.preServer() && status == 403) {
            // The page's own refusal: its onPreServer ran, once, and the socket never opened.
            if (events.size() != 1 || !PRE.matcher(events.get(0)).matches()
                    || !events.get(0).startsWith("pre " + c.page().cspName() + " ")) {
                problems.add("onPreServer refused, but its page code was " + events);
            }
            refusedByPreServer.increment();
        } else {
            if (!events.isEmpty()) {
                problems.add("page code ran for a refused handshake: " + events);
            }
            silentTokens.add(token);
        }
        if (!problems.isEmpty()) {
            violations.add(c + ": " + problems + "\n  request: " + shown(request) + "\n  response: " + shown(raw, status));
        }
    }

    /** The healthy socket answers between handshakes; one check at a time, so echoes come back in order. */
    private void echo(int index) {
        synchronized (this) {
            try {
                String message = "between handshakes " + index;
                healthy.send(message);
                String back = healthy.next();
                if (!back.equals(message)) {
                    violations.add("the healthy socket echoed '" + back + "' for '" + message + "'");
                }
                echoes.increment();
            } catch (Exception | AssertionError e) {
                violations.add("the healthy socket did not echo after handshake " + index + ": " + e);
            }
        }
    }

    private String request(Combination c, String token, String key) {
        Defect d = c.defect();
        String method = d == Defect.POST ? "POST" : "GET";
        String protocol = d == Defect.HTTP_1_0 ? "HTTP/1.0" : "HTTP/1.1";
        String query = "?t=" + token + (d == Defect.PAGE_REFUSES ? "&refuse=1" : "");
        StringBuilder head = new StringBuilder(method + " " + c.spelling().path().apply(c.page().cspName()) + query
                + " " + protocol + "\r\nHost: 127.0.0.1:" + port + "\r\n");
        head.append(d == Defect.KEEP_ALIVE_UPGRADE ? "Upgrade: WebSocket\r\n" : "Upgrade: websocket\r\n");
        if (d == Defect.TWO_UPGRADES) {
            head.append("Upgrade: websocket\r\n");
        }
        if (d == Defect.KEEP_ALIVE_UPGRADE) {
            head.append("Connection: keep-alive, Upgrade\r\n");
        } else if (d != Defect.NO_CONNECTION) {
            head.append("Connection: Upgrade\r\n");
        }
        if (d == Defect.VERSION_8) {
            head.append("Sec-WebSocket-Version: 8\r\n");
        } else if (d != Defect.NO_VERSION) {
            head.append("Sec-WebSocket-Version: 13\r\n");
        }
        if (d == Defect.SHORT_KEY) {
            head.append("Sec-WebSocket-Key: ").append(Base64.getEncoder().encodeToString(new byte[15])).append("\r\n");
        } else if (d != Defect.NO_KEY) {
            head.append("Sec-WebSocket-Key: ").append(key).append("\r\n");
        }
        if (d == Defect.TWO_KEYS) {
            head.append("Sec-WebSocket-Key: ").append(Base64.getEncoder().encodeToString(new byte[16])).append("\r\n");
        }
        String origin = c.origin().value(port);
        if (origin != null) {
            head.append("Origin: ").append(origin).append("\r\n");
        }
        if (d == Defect.POST) {
            head.append("Content-Length: 0\r\n");
        }
        if (d == Defect.OVERSIZED) {
            head.append("X-Padding: ").append("a".repeat(OVERSIZED_VALUE)).append("\r\n");
        }
        return head.append("\r\n").toString();
    }

    private static List<String> sessionCookies(RawWs raw) {
        if (raw == null) {
            return List.of();
        }
        return raw.header("Set-Cookie").stream().filter(v -> v.trim().toUpperCase(Locale.ROOT).startsWith("JSESSIONID="))
                .collect(Collectors.toList());
    }

    /** RFC 6455 §4.2.2: base64 of the SHA-1 of the key and the GUID. */
    private static String accept(String key) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-1")
                    .digest((key + WEBSOCKET_GUID).getBytes(StandardCharsets.ISO_8859_1));
            return Base64.getEncoder().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The request as sent, with the oversized value abbreviated and line ends made visible. */
    private static String shown(String request) {
        return request.replaceAll("a{100,}", "<" + OVERSIZED_VALUE + " x 'a'>").replace("\r\n", "\\r\\n");
    }

    private static String shown(RawWs raw, int status) {
        if (raw == null) {
            return status == SILENT ? "nothing within " + READ_TIMEOUT_MILLIS + " ms" : "connection closed, no response";
        }
        return "HTTP " + raw.status + " " + raw.headers;
    }

    /** E.g. {@code page URL [101 x221, 400 x1185, …]; not found [404 x870]; internal path [403 x95, …]}. */
    private String outcomeCounts() {
        List<String> parts = new ArrayList<>();
        for (Target target : Target.values()) {
            Map<String, Long> named = new TreeMap<>();
            outcomes.getOrDefault(target, Map.of()).forEach((status, count) -> named.put(
                    status == CLOSED ? "closed" : status == SILENT ? "silent" : Integer.toString(status), count.sum()));
            parts.add(target.label + " " + named.entrySet().stream().map(e -> e.getKey() + " x" + e.getValue())
                    .collect(Collectors.joining(", ", "[", "]")));
        }
        return String.join("; ", parts);
    }
}
