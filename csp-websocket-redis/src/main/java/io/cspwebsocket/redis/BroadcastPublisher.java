package io.cspwebsocket.redis;

import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Publishes a broadcast, numbered ({@link BroadcastSequence}), and says how many nodes' counts to
 * wait for. The script declares every key it touches, as Redis asks of scripts (a Redis Cluster
 * routes a script by its declared keys): the lease key of each node it checks is passed in, for
 * the nodes this node knows of. When the set of nodes holds one it does not know yet (it joined
 * since), the script publishes nothing and names it; the broadcast is sent again with its lease
 * key declared. So a broadcast waits only for nodes that hold a lease, as before.
 *
 * <p>Thread-safe; nothing blocks.
 */
final class BroadcastPublisher {

    /**
     * KEYS[1] the counter, KEYS[2] the set of node ids, KEYS[3] the channel, KEYS[4…] the lease keys
     * of the nodes the caller knows; ARGV[1] the encoded broadcast without its sequence field,
     * ARGV[2] the lease key prefix, ARGV[3] {@code 1} to publish even if some node's lease key was
     * not declared (counted as live). Returns {@code -1} and the nodes whose lease key was not
     * declared, publishing nothing; or appends the next number as the message's last field,
     * publishes, and returns how many counts to wait for: the receivers, but no more than the nodes
     * holding a lease, because Redis still counts a crashed process's half-open subscription
     * (until its {@code tcp-keepalive}), which would never answer. Nodes without a lease leave the
     * set (a node puts itself back when it renews).
     */
    static final String PUBLISH_SCRIPT = String.join("\n",
            "local declared = {}",
            "for i = 4, #KEYS do declared[KEYS[i]] = true end",
            "local nodes = redis.call('SMEMBERS', KEYS[2])",
            "local unknown = {}",
            "for _, node in ipairs(nodes) do",
            "  if not declared[ARGV[2] .. node] then unknown[#unknown + 1] = node end",
            "end",
            "if #unknown > 0 and ARGV[3] ~= '1' then",
            "  table.insert(unknown, 1, -1)",
            "  return unknown",
            "end",
            "local n = tostring(redis.call('INCR', KEYS[1]))",
            "local receivers = redis.call('PUBLISH', KEYS[3], ARGV[1] .. string.len(n) .. ':' .. n)",
            "local live = 0",
            "for _, node in ipairs(nodes) do",
            "  local lease = ARGV[2] .. node",
            "  if not declared[lease] or redis.call('EXISTS', lease) == 1 then",
            "    live = live + 1",
            "  else",
            "    redis.call('SREM', KEYS[2], node)",
            "  end",
            "end",
            "return {math.min(receivers, live)}");
    /** Nodes are learnt in one more round; a third would mean nodes joining faster than Redis answers. */
    private static final int ROUNDS = 3;

    private final Keys keys;
    private final PubSub pubSub;
    /** The nodes whose lease keys a broadcast declares. */
    private final Set<String> known = ConcurrentHashMap.newKeySet();

    /**
     * @param keys key names
     * @param pubSub classic or sharded
     * @param nodeId this node, known from the start
     */
    BroadcastPublisher(Keys keys, PubSub pubSub, String nodeId) {
        this.keys = keys;
        this.pubSub = pubSub;
        known.add(nodeId);
    }

    /**
     * @param commands where to publish
     * @param message the encoded broadcast (five fields)
     * @return how many counts to wait for (receivers that are live nodes)
     */
    CompletionStage<Long> publish(RedisClusterAsyncCommands<String, byte[]> commands, byte[] message) {
        return publish(commands, message, 1);
    }

    private CompletionStage<Long> publish(RedisClusterAsyncCommands<String, byte[]> commands, byte[] message, int round) {
        List<String> declared = new ArrayList<>(List.of(keys.broadcastCounter(), keys.nodes(), keys.broadcastChannel()));
        for (String node : known) {
            declared.add(keys.lease(node));
        }
        return commands.<List<Object>>eval(pubSub.script(PUBLISH_SCRIPT), ScriptOutputType.MULTI,
                declared.toArray(String[]::new), message, SocketDirectory.bytes(keys.leasePrefix()),
                SocketDirectory.bytes(round >= ROUNDS ? "1" : "0"))
                .thenCompose(answer -> {
                    long count = (Long) answer.get(0);
                    if (count >= 0) {
                        return CompletableFuture.completedFuture(count);
                    }
                    for (int i = 1; i < answer.size(); i++) {
                        known.add(SocketDirectory.string(answer.get(i)));
                    }
                    return publish(commands, message, round + 1);
                });
    }
}
