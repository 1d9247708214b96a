package io.cspwebsocket.redis;

import java.util.Collection;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The other owners' id sets as this node last read them, each with the version token it had
 * ({@link SocketDirectory}): {@code openIds} reads a set again only when its token has changed, so
 * a steady cluster of 20,000 sockets costs one small script per call, not 10,000 ids through the
 * network and the decoder. Every change to a set writes a new random token after it, so a set read
 * after its token was read is never older than the token says.
 *
 * <p>Thread-safe: concurrent {@code openIds} calls may both read a set; either result is right.
 */
final class RemoteIdsCache {

    private record Entry(String version, Set<String> ids) {
    }

    /** Page class → owner → its ids. */
    private final Map<String, Map<String, Entry>> pages = new ConcurrentHashMap<>();

    /**
     * @param page a page class
     * @param owner another node's owner value
     * @param version the set's token now
     * @return the ids read with that token, or {@code null} if the set must be read again
     */
    Set<String> get(String page, String owner, String version) {
        Map<String, Entry> owners = pages.get(page);
        Entry entry = owners == null ? null : owners.get(owner);
        return entry != null && !version.isEmpty() && entry.version().equals(version) ? entry.ids() : null;
    }

    /**
     * @param page a page class
     * @param owner another node's owner value
     * @param version the token read before the set
     * @param ids the set (kept as it is: do not change it afterwards)
     */
    void put(String page, String owner, String version, Set<String> ids) {
        pages.computeIfAbsent(page, key -> new ConcurrentHashMap<>()).put(owner, new Entry(version, Set.copyOf(ids)));
    }

    /**
     * Forgets the owners of a page that are not live any more.
     *
     * @param page a page class
     * @param live the live owners
     */
    void retain(String page, Collection<String> live) {
        Map<String, Entry> owners = pages.get(page);
        if (owners != null) {
            owners.keySet().retainAll(live);
        }
    }
}
