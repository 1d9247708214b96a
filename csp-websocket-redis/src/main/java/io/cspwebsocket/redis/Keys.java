package io.cspwebsocket.redis;

/**
 * Names of the Redis keys and channels of one application ({@code <prefix>} is
 * {@link RedisClusterParameters#KEY_PREFIX}):
 * <table>
 *   <caption>keys and channels</caption>
 *   <tr><th>name</th><th>kind</th><th>what</th></tr>
 *   <tr><td>{@code <prefix>:lease:<node>}</td><td>string, PX lease</td><td>the node is alive; its value is the
 *       node's incarnation (random per start)</td></tr>
 *   <tr><td>{@code <prefix>:seen:<node>}</td><td>string, 24 h, renewed with the lease</td><td>the node has held a
 *       lease since Redis last lost its data: a missing lease beside it has expired ({@link NodeLeases})</td></tr>
 *   <tr><td>{@code <prefix>:owners:<page class>}</td><td>set</td><td>the owners ({@code <node>/<incarnation>}) that
 *       have listed sockets of a page class; an owner counts only while its incarnation holds its node's lease</td></tr>
 *   <tr><td>{@code <prefix>:ids:<page class>:<owner>}</td><td>set</td><td>that owner's open sockets of the page class</td></tr>
 *   <tr><td>{@code <prefix>:idsver:<page class>:<owner>}</td><td>string</td><td>a random token, new at every change of
 *       that set, so that other nodes read it again only when it changed</td></tr>
 *   <tr><td>{@code <prefix>:left:<node>}</td><td>string, 24 h</td><td>the node left the cluster cleanly: its ids are
 *       closed for good</td></tr>
 *   <tr><td>{@code <prefix>:node:<node>}</td><td>channel</td><td>requests to the node</td></tr>
 *   <tr><td>{@code <prefix>:reply:<node>:<incarnation>}</td><td>channel</td><td>answers to the node's requests; one per
 *       incarnation, so a restarted node never takes its predecessor's late answers</td></tr>
 *   <tr><td>{@code <prefix>:all}</td><td>channel</td><td>broadcasts to every node</td></tr>
 *   <tr><td>{@code <prefix>:nodes}</td><td>set</td><td>the nodes with a lease, so that a broadcast does not wait for
 *       a crashed process that Redis still counts as subscribed</td></tr>
 *   <tr><td>{@code <prefix>:broadcasts}</td><td>counter</td><td>the number of the last broadcast, so that a node can
 *       count the broadcasts it missed</td></tr>
 * </table>
 *
 * @param prefix the key prefix
 */
record Keys(String prefix) {

    /**
     * @param prefix the configured key prefix
     * @param pubSub sharded on a Redis Cluster
     * @return the names: on a Redis Cluster, every key and channel carries the hash tag
     *         {@code {<prefix>}}, so that all of them hash to one slot and every script (and the channel
     *         it publishes to) stays on one shard; a prefix that already has a tag is kept
     */
    static Keys of(String prefix, PubSub pubSub) {
        boolean tagged = prefix.indexOf('{') >= 0 && prefix.indexOf('}') > prefix.indexOf('{') + 1;
        return new Keys(pubSub == PubSub.SHARDED && !tagged ? "{" + prefix + "}" : prefix);
    }

    String lease(String node) {
        return prefix + ":lease:" + node;
    }

    /** @return what precedes a node id in a lease key (for the openIds script) */
    String leasePrefix() {
        return prefix + ":lease:";
    }

    String seen(String node) {
        return prefix + ":seen:" + node;
    }

    /** @return the set of owners ({@code <node>/<incarnation>}) that have listed sockets of a page class */
    String owners(String pageClassName) {
        return prefix + ":owners:" + pageClassName;
    }

    /** @return the version token of {@link #ids}: new at every change ({@code owner} "" gives the prefix) */
    String idsVersion(String pageClassName, String owner) {
        return prefix + ":idsver:" + pageClassName + ":" + owner;
    }

    /** @return the set of one owner's socket ids of a page class ({@code owner} "" gives the prefix) */
    String ids(String pageClassName, String owner) {
        return prefix + ":ids:" + pageClassName + ":" + owner;
    }

    String left(String node) {
        return prefix + ":left:" + node;
    }

    String nodeChannel(String node) {
        return prefix + ":node:" + node;
    }

    String replyChannel(String node, String incarnation) {
        return prefix + ":reply:" + node + ":" + incarnation;
    }

    /** @return the set of the ids of nodes that hold (or held, until a broadcast notices) a lease */
    String nodes() {
        return prefix + ":nodes";
    }

    /** @return the number of the last broadcast ({@link BroadcastSequence}) */
    String broadcastCounter() {
        return prefix + ":broadcasts";
    }

    String broadcastChannel() {
        return prefix + ":all";
    }
}
