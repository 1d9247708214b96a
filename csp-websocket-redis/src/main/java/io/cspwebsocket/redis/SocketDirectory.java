package io.cspwebsocket.redis;

import io.cspwebsocket.spi.CspLocalNode;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.async.RedisAsyncCommands;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * The cluster-wide list of open sockets (SPEC §6.3, §12): one Redis hash per page class,
 * WebSocket id → node, filtered by the nodes' leases when read.
 *
 * <p>Writes ({@code HSET} on open, {@code HDEL} on close) go through the buffering connection, in
 * the order the sockets opened and closed. {@link #opened} waits for Redis to confirm the
 * {@code HSET}, at most {@link #REGISTRATION_WAIT} and only while connected, so that an id is
 * listed on every node before its {@code server()} runs (SPEC §6.3); {@link #closed} never waits.
 * A write that fails (Redis away for longer than the command timeout) marks the list
 * dirty, and the next lease renewal puts it right ({@link #resync}). Reads go through the
 * fail-fast connection, so {@code openIds} answers at once while Redis is unreachable (the adapter
 * then lists this node's sockets only).
 *
 * <p>Entries of a node whose lease has expired are left out of {@code openIds} and deleted by the
 * same script, atomically: a node that renews its lease afterwards re-registers its sockets, so a
 * deletion can never race with a re-registration.
 */
final class SocketDirectory {

    /**
     * KEYS[1] the page's hash; ARGV[1] the lease key prefix, ARGV[2] this node's entry value. Ids of
     * other live incarnations: an entry {@code <node>/<incarnation>} counts only while that
     * incarnation holds the node's lease, so a crashed incarnation's ids never come back when a node
     * with the same id starts again. Dead entries are deleted.
     */
    static final String OPEN_IDS_SCRIPT = String.join("\n",
            "local all = redis.call('HGETALL', KEYS[1])",
            "local alive, out, dead = {}, {}, {}",
            "for i = 1, #all, 2 do",
            "  local owner = all[i + 1]",
            "  if owner ~= ARGV[2] then",
            "    local live = alive[owner]",
            "    if live == nil then",
            "      local node, incarnation = string.match(owner, '^([^/]+)/(.+)$')",
            "      live = node ~= nil and redis.call('GET', ARGV[1] .. node) == incarnation",
            "      alive[owner] = live",
            "    end",
            "    if live then out[#out + 1] = all[i] else dead[#dead + 1] = all[i] end",
            "  end",
            "end",
            "for i = 1, #dead, 1000 do",
            "  redis.call('HDEL', KEYS[1], unpack(dead, i, math.min(i + 999, #dead)))",
            "end",
            "return out");

    /** KEYS[1] a page's hash; ARGV[1] an entry value. The ids listed with it. */
    static final String IDS_OF_NODE_SCRIPT = String.join("\n",
            "local all = redis.call('HGETALL', KEYS[1])",
            "local mine = {}",
            "for i = 1, #all, 2 do",
            "  if all[i + 1] == ARGV[1] then mine[#mine + 1] = all[i] end",
            "end",
            "return mine");

    /** KEYS the pages' hashes; ARGV[1] an entry value. Deletes the entries with it; returns how many. */
    static final String WITHDRAW_SCRIPT = String.join("\n",
            "local removed = 0",
            "for k = 1, #KEYS do",
            "  local all = redis.call('HGETALL', KEYS[k])",
            "  local mine = {}",
            "  for i = 1, #all, 2 do",
            "    if all[i + 1] == ARGV[1] then mine[#mine + 1] = all[i] end",
            "  end",
            "  for i = 1, #mine, 1000 do",
            "    removed = removed + redis.call('HDEL', KEYS[k], unpack(mine, i, math.min(i + 999, #mine)))",
            "  end",
            "end",
            "return removed");

    private static final int BATCH = 1000;
    /**
     * The most {@link #opened} waits for Redis to confirm a registration (it holds the container's
     * thread that opened the socket): a round trip takes well under a millisecond on a LAN, and a
     * Redis that does not answer in a second must not hold every new socket for the command timeout.
     */
    static final Duration REGISTRATION_WAIT = Duration.ofSeconds(1);

    private final Keys keys;
    /** The value of this node's entries: {@code <node>/<incarnation>}. */
    private final String owner;
    private final CspLocalNode local;
    private final RedisAsyncCommands<String, String> state;
    private final RedisAsyncCommands<String, byte[]> reads;
    private final Executor executor;
    private final Duration timeout;
    /** Page classes this node has listed sockets of: what {@link #resync} and {@link #withdraw} visit. */
    private final Set<String> pages = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean dirty = new AtomicBoolean();
    private final BooleanSupplier connected;

    /**
     * @param keys key names
     * @param nodeId this node
     * @param incarnation this node's incarnation, part of every entry it writes
     * @param local this node's sockets
     * @param state the buffering connection, for registration
     * @param reads the fail-fast connection, for reads
     * @param executor where continuations run
     * @param timeout the command timeout
     * @param connected whether the buffering connection is connected: if not, {@link #opened} does not wait
     */
    SocketDirectory(Keys keys, String nodeId, String incarnation, CspLocalNode local, RedisAsyncCommands<String, String> state,
                    RedisAsyncCommands<String, byte[]> reads, Executor executor, Duration timeout,
                    BooleanSupplier connected) {
        this.keys = keys;
        this.owner = nodeId + "/" + incarnation;
        this.local = local;
        this.state = state;
        this.reads = reads;
        this.executor = executor;
        this.timeout = timeout;
        this.connected = connected;
    }

    /**
     * A socket of this node opened: list it, and wait until Redis has (SPEC §6.3: listed before
     * {@code server()} runs). Waits at most {@link #REGISTRATION_WAIT} (or the command timeout if
     * shorter), and not at all while Redis is unreachable: then the id is listed when the buffered
     * {@code HSET} reaches Redis, or by the next {@link #resync}.
     */
    void opened(String webSocketId, String pageClassName) {
        pages.add(pageClassName);
        CompletionStage<?> write = dispatch(() -> state.hset(keys.ids(pageClassName), webSocketId, owner));
        watch(write);
        if (connected.getAsBoolean()) {
            Duration wait = timeout.compareTo(REGISTRATION_WAIT) < 0 ? timeout : REGISTRATION_WAIT;
            try {
                write.toCompletableFuture().get(wait.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (ExecutionException | TimeoutException e) {
                // The open goes ahead: a failed write marks the list dirty, a slow one lands later.
            }
        }
    }

    /** A socket of this node closed: delist it. Never blocks. */
    void closed(String webSocketId, String pageClassName) {
        watch(dispatch(() -> state.hdel(keys.ids(pageClassName), webSocketId)));
    }

    /**
     * @param pageClassName a page class
     * @return the ids of its sockets on every live node: this node's from its own registry (exact,
     *         even before Redis has heard of a socket), the others' from Redis
     * @throws IllegalStateException if Redis does not answer within the command timeout
     */
    Set<String> openIds(String pageClassName) {
        Set<String> ids = new HashSet<>();
        RedisFuture<List<Object>> others = ForeignThreads.send(() -> reads.eval(OPEN_IDS_SCRIPT, ScriptOutputType.MULTI,
                new String[] {keys.ids(pageClassName)}, bytes(keys.leasePrefix()), bytes(owner)));
        local.openSockets().forEach((id, page) -> {
            if (page.equals(pageClassName)) {
                ids.add(id);
            }
        });
        for (Object id : await(others)) {
            ids.add(string(id));
        }
        return ids;
    }

    /** @return whether a registration write failed since the last {@link #resync} */
    boolean isDirty() {
        return dirty.get();
    }

    /**
     * Lists every open socket of this node again and delists those it no longer has: after Redis
     * lost its data (restart), after this node's lease expired (other nodes may have deleted its
     * entries), or after a registration write failed.
     *
     * @return completes when the writes are sent and the stale entries deleted
     */
    CompletionStage<Void> resync() {
        dirty.set(false);
        Map<String, String> open = local.openSockets();
        Map<String, Map<String, String>> byPage = new HashMap<>();
        open.forEach((id, page) -> byPage.computeIfAbsent(page, key -> new HashMap<>()).put(id, owner));
        pages.addAll(byPage.keySet());
        byPage.forEach((page, entries) -> {
            List<String> ids = new ArrayList<>(entries.keySet());
            for (int from = 0; from < ids.size(); from += BATCH) {
                Map<String, String> batch = new HashMap<>();
                for (String id : ids.subList(from, Math.min(ids.size(), from + BATCH))) {
                    batch.put(id, owner);
                }
                watch(dispatch(() -> state.hset(keys.ids(page), batch)));
            }
            // A socket that closed between the snapshot and the HSET: its HDEL may have gone first.
            for (String id : ids) {
                if (!local.status(id).isOk()) {
                    closed(id, page);
                }
            }
        });
        List<CompletableFuture<Void>> cleanups = new ArrayList<>();
        for (String page : List.copyOf(pages)) {
            CompletableFuture<List<Object>> listed;
            try {
                listed = ForeignThreads.send(() -> reads.<List<Object>>eval(IDS_OF_NODE_SCRIPT, ScriptOutputType.MULTI,
                        new String[] {keys.ids(page)}, bytes(owner))).toCompletableFuture();
            } catch (RuntimeException e) {
                listed = CompletableFuture.failedFuture(e);
            }
            cleanups.add(listed
                    .thenAcceptAsync(entries -> {
                        for (Object entry : entries) {
                            String id = string(entry);
                            // Ids are never reused: one that is not open now never will be again.
                            if (!local.status(id).isOk()) {
                                closed(id, page);
                            }
                        }
                    }, executor)
                    .exceptionally(failure -> {
                        dirty.set(true);
                        return null;
                    }));
        }
        return CompletableFuture.allOf(cleanups.toArray(CompletableFuture[]::new));
    }

    /**
     * Deletes every entry of this node (it leaves the cluster).
     *
     * @return completes with how many entries were deleted
     */
    CompletionStage<Long> withdraw() {
        List<String> hashes = new ArrayList<>();
        for (String page : pages) {
            hashes.add(keys.ids(page));
        }
        if (hashes.isEmpty()) {
            return CompletableFuture.completedFuture(0L);
        }
        return ForeignThreads.send(() -> reads.<Long>eval(WITHDRAW_SCRIPT, ScriptOutputType.INTEGER,
                hashes.toArray(String[]::new), bytes(owner)));
    }

    private static CompletionStage<?> dispatch(Supplier<? extends CompletionStage<?>> command) {
        try {
            return ForeignThreads.send(command);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e); // e.g. the request queue is full
        }
    }

    private void watch(CompletionStage<?> write) {
        write.whenComplete((result, failure) -> {
            if (failure != null) {
                dirty.set(true);
            }
        });
    }

    private <T> T await(RedisFuture<T> future) {
        try {
            return future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while asking Redis", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("Redis failed: " + e.getCause(), e.getCause());
        } catch (TimeoutException e) {
            future.cancel(false);
            throw new IllegalStateException("no answer from Redis within " + timeout.toMillis() + " ms", e);
        }
    }

    static byte[] bytes(String value) {
        return value.getBytes(StandardCharsets.UTF_8);
    }

    static String string(Object value) {
        return value instanceof byte[] raw ? new String(raw, StandardCharsets.UTF_8) : String.valueOf(value);
    }
}
