package io.cspwebsocket.redis;

import io.cspwebsocket.spi.CspLocalNode;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
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
 * The cluster-wide list of open sockets (SPEC §6.3, §12). Per page class, a Redis set of the
 * owners that have listed sockets ({@code <node>/<incarnation>}) and, per owner, a set of its
 * socket ids; an owner counts only while its incarnation holds its node's lease.
 *
 * <p>{@code openIds} on one node reads the other live owners' sets ({@code SMEMBERS}, no script
 * work per id) and takes its own sockets from its registry, so it never reads its own entries
 * back: with 20,000 sockets over two nodes, it moves 10,000 ids, not a 20,000-entry hash through
 * Lua. The owners of dead incarnations (crashed, or whose lease expired) are left out and their
 * sets deleted by the same script, atomically.
 *
 * <p>Writes ({@code SADD} on open, {@code SREM} on close) go through the buffering connection, in
 * the order the sockets opened and closed. {@link #opened} waits for Redis to confirm them, at most
 * {@link #REGISTRATION_WAIT} and only while connected, so that an id is listed on every node before
 * its {@code server()} runs (SPEC §6.3); {@link #closed} never waits. A write that fails (Redis
 * away for longer than the command timeout) marks the list dirty, and the next lease renewal puts
 * it right ({@link #resync}). Reads go through the fail-fast connection, so {@code openIds} answers
 * at once while Redis is unreachable (the adapter then lists this node's sockets only).
 */
final class SocketDirectory {

    /**
     * KEYS[1] the page's set of owners, then for each owner the caller knows of its node's lease
     * key, its id set and its set's version token (declared: Redis routes and checks a script by the
     * keys it declares); ARGV[1] this node's owner value, ARGV[2] the lease key prefix, ARGV[3] the
     * prefix of the page's id sets, ARGV[4] the prefix of their version tokens. Returns two lists:
     * the other owners whose incarnation holds its node's lease, each followed by its set's token
     * ("" if none); and the owners whose keys were not declared (the caller asks again with them).
     * Dead owners' sets are deleted, so a crashed incarnation's ids never come back when a node with
     * the same id starts again.
     */
    static final String LIVE_OWNERS_SCRIPT = String.join("\n",
            "local declared = {}",
            "for i = 2, #KEYS do declared[KEYS[i]] = true end",
            "local live, unknown = {}, {}",
            "for _, owner in ipairs(redis.call('SMEMBERS', KEYS[1])) do",
            "  if owner ~= ARGV[1] then",
            "    local node, incarnation = string.match(owner, '^([^/]+)/(.+)$')",
            "    if node == nil then",
            "      redis.call('SREM', KEYS[1], owner)",
            "    else",
            "      local lease, ids, version = ARGV[2] .. node, ARGV[3] .. owner, ARGV[4] .. owner",
            "      if not (declared[lease] and declared[ids] and declared[version]) then",
            "        unknown[#unknown + 1] = owner",
            "      elseif redis.call('GET', lease) == incarnation then",
            "        live[#live + 1] = owner",
            "        live[#live + 1] = redis.call('GET', version) or ''",
            "      else",
            "        redis.call('DEL', ids, version)",
            "        redis.call('SREM', KEYS[1], owner)",
            "      end",
            "    end",
            "  end",
            "end",
            "return {live, unknown}");
    /** A new owner is learnt in one more round; a third round would mean owners appearing faster than Redis answers. */
    private static final int OWNER_ROUNDS = 3;

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
    private final RedisClusterAsyncCommands<String, String> state;
    private final RedisClusterAsyncCommands<String, byte[]> reads;
    private final Executor executor;
    private final Duration timeout;
    /** Page classes this node has listed sockets of: what {@link #resync} and {@link #withdraw} visit. */
    private final Set<String> pages = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean dirty = new AtomicBoolean();
    private final BooleanSupplier connected;
    private final RemoteIdsCache remote = new RemoteIdsCache();
    /** Per page class, the other owners whose keys {@link #openIds} declares to its script. */
    private final Map<String, Set<String>> knownOwners = new ConcurrentHashMap<>();
    private final SecureRandom random = new SecureRandom();

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
    SocketDirectory(Keys keys, String nodeId, String incarnation, CspLocalNode local, RedisClusterAsyncCommands<String, String> state,
                    RedisClusterAsyncCommands<String, byte[]> reads, Executor executor, Duration timeout,
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
     * write reaches Redis, or by the next {@link #resync}.
     */
    void opened(String webSocketId, String pageClassName) {
        pages.add(pageClassName);
        watch(dispatch(() -> state.sadd(keys.owners(pageClassName), owner)));
        // Same connection, so in order: when this one is confirmed, the owner is listed too.
        watch(dispatch(() -> state.sadd(keys.ids(pageClassName, owner), webSocketId)));
        CompletionStage<?> write = changed(pageClassName);
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
        watch(dispatch(() -> state.srem(keys.ids(pageClassName, owner), webSocketId)));
        changed(pageClassName);
    }

    /**
     * Gives this node's id set of a page a new version token, after a change (same connection, so
     * after it): other nodes read the set again only when its token changed ({@link RemoteIdsCache}).
     *
     * @return completes when Redis has the token
     */
    private CompletionStage<?> changed(String pageClassName) {
        String token = Long.toHexString(random.nextLong());
        CompletionStage<?> write = dispatch(() -> state.set(keys.idsVersion(pageClassName, owner), token));
        watch(write);
        return write;
    }

    /**
     * @param pageClassName a page class
     * @return the ids of its sockets on every live node, immutable: this node's from its own registry
     *         (exact, even before Redis has heard of a socket), the others' from Redis
     * @throws IllegalStateException if Redis does not answer within the command timeout
     */
    Set<String> openIds(String pageClassName) {
        long deadline = System.nanoTime() + timeout.toNanos();
        Set<String> known = knownOwners.computeIfAbsent(pageClassName, page -> ConcurrentHashMap.newKeySet());
        RedisFuture<List<Object>> owners = liveOwners(pageClassName, known);
        // Gathered as parts and copied once at the end: with 20,000 ids the copies were most of the
        // call's cost on a real node (JFR, BroadcastScaleIT), not the round trip to Redis.
        List<Set<String>> parts = new ArrayList<>();
        parts.add(local.openIds(pageClassName));
        List<Object> answer = await(owners, deadline);
        for (int round = 1; round < OWNER_ROUNDS && !((List<?>) answer.get(1)).isEmpty(); round++) {
            for (Object unknown : (List<?>) answer.get(1)) {
                known.add(string(unknown));
            }
            answer = await(liveOwners(pageClassName, known), deadline);
        }
        List<?> live = (List<?>) answer.get(0);
        List<String> liveOwners = new ArrayList<>();
        Map<String, RedisFuture<Set<byte[]>>> reading = new HashMap<>();
        Map<String, String> versions = new HashMap<>();
        for (int i = 0; i + 1 < live.size(); i += 2) {
            String otherOwner = string(live.get(i));
            String version = string(live.get(i + 1));
            liveOwners.add(otherOwner);
            Set<String> cached = remote.get(pageClassName, otherOwner, version);
            if (cached != null) {
                parts.add(cached);
            } else {
                versions.put(otherOwner, version);
                reading.put(otherOwner, ForeignThreads.send(() -> reads.smembers(keys.ids(pageClassName, otherOwner))));
            }
        }
        for (Map.Entry<String, RedisFuture<Set<byte[]>>> set : reading.entrySet()) {
            Set<String> read = new HashSet<>();
            for (byte[] id : await(set.getValue(), deadline)) {
                read.add(string(id));
            }
            remote.put(pageClassName, set.getKey(), versions.get(set.getKey()), read);
            parts.add(read);
        }
        remote.retain(pageClassName, liveOwners);
        known.retainAll(liveOwners); // dead owners were deleted; owners still unknown are learnt next time
        for (Object unknown : (List<?>) answer.get(1)) {
            known.add(string(unknown));
        }
        return union(parts);
    }

    /**
     * @return the ids of all parts as one immutable set, built once (the adapter's {@code Set.copyOf}
     *         then returns it as it is). The parts are disjoint (an id names its node, and each node's
     *         sockets are one part), so {@code Set.of} takes them all; should one id still come twice,
     *         it is kept once.
     */
    static Set<String> union(List<Set<String>> parts) {
        int size = 0;
        for (Set<String> part : parts) {
            size += part.size();
        }
        String[] all = new String[size];
        int at = 0;
        for (Set<String> part : parts) {
            for (String id : part) {
                all[at++] = id;
            }
        }
        try {
            return Set.of(all);
        } catch (IllegalArgumentException duplicate) {
            return Set.copyOf(java.util.Arrays.asList(all));
        }
    }

    /** Runs {@link #LIVE_OWNERS_SCRIPT}, declaring the keys of the {@code known} owners. */
    private RedisFuture<List<Object>> liveOwners(String pageClassName, Set<String> known) {
        List<String> declared = new ArrayList<>();
        declared.add(keys.owners(pageClassName));
        for (String other : known) {
            declared.add(keys.lease(other.substring(0, other.indexOf('/'))));
            declared.add(keys.ids(pageClassName, other));
            declared.add(keys.idsVersion(pageClassName, other));
        }
        return ForeignThreads.send(() -> reads.eval(LIVE_OWNERS_SCRIPT, ScriptOutputType.MULTI,
                declared.toArray(String[]::new), bytes(owner), bytes(keys.leasePrefix()), bytes(keys.ids(pageClassName, "")),
                bytes(keys.idsVersion(pageClassName, ""))));
    }

    /**
     * Asks for a {@link #resync} at the next lease renewal: after a reconnection, which may have
     * reached another server (a Sentinel failover) without the last writes the old one took.
     */
    void markDirty() {
        dirty.set(true);
    }

    /** @return whether a registration write failed since the last {@link #resync} */
    boolean isDirty() {
        return dirty.get();
    }

    /**
     * Lists every open socket of this node again and delists those it no longer has: after Redis
     * lost its data (restart), after this node's lease expired, or after a registration write failed.
     *
     * @return completes when the writes are sent and the stale entries deleted
     */
    CompletionStage<Void> resync() {
        dirty.set(false);
        Map<String, List<String>> byPage = new HashMap<>();
        local.openSockets().forEach((id, page) -> byPage.computeIfAbsent(page, key -> new ArrayList<>()).add(id));
        pages.addAll(byPage.keySet());
        byPage.forEach((page, ids) -> {
            watch(dispatch(() -> state.sadd(keys.owners(page), owner)));
            for (int from = 0; from < ids.size(); from += BATCH) {
                String[] batch = ids.subList(from, Math.min(ids.size(), from + BATCH)).toArray(String[]::new);
                watch(dispatch(() -> state.sadd(keys.ids(page, owner), batch)));
            }
            changed(page);
            // A socket that closed between the snapshot and the SADD: its SREM may have gone first.
            for (String id : ids) {
                if (!local.status(id).isOk()) {
                    closed(id, page);
                }
            }
        });
        List<CompletableFuture<Void>> cleanups = new ArrayList<>();
        for (String page : List.copyOf(pages)) {
            CompletableFuture<Set<byte[]>> listed;
            try {
                listed = ForeignThreads.send(() -> reads.smembers(keys.ids(page, owner))).toCompletableFuture();
            } catch (RuntimeException e) {
                listed = CompletableFuture.failedFuture(e);
            }
            cleanups.add(listed
                    .thenAcceptAsync(entries -> {
                        for (byte[] entry : entries) {
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
     * @return completes when they are deleted
     */
    CompletionStage<Void> withdraw() {
        List<CompletableFuture<?>> deletions = new ArrayList<>();
        for (String page : pages) {
            deletions.add(ForeignThreads.send(() -> reads.del(keys.ids(page, owner), keys.idsVersion(page, owner)))
                    .toCompletableFuture());
            deletions.add(ForeignThreads.send(() -> reads.srem(keys.owners(page), bytes(owner))).toCompletableFuture());
        }
        return CompletableFuture.allOf(deletions.toArray(CompletableFuture[]::new));
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

    private <T> T await(RedisFuture<T> future, long deadlineNanos) {
        try {
            return future.get(Math.max(0, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS);
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
