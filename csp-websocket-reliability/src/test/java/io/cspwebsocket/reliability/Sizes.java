package io.cspwebsocket.reliability;

/**
 * The size of a run: reduced in the build, full with {@code -Dreliability.full=true} (the
 * {@code reliability-full} profile). Each figure can also be set alone, e.g.
 * {@code -Dreliability.soak.sockets=500}.
 */
final class Sizes {

    static final boolean FULL = Boolean.getBoolean("reliability.full");

    /** Soak: sockets (half synchronous, half shared) and numbered messages per socket. */
    static final int SOAK_SOCKETS = size("soak.sockets", 100, 1000);
    static final int SOAK_MESSAGES = size("soak.messages", 100, 1000);

    /** Abrupt clients: of each kind (reset mid-message, reset mid-write, vanished). */
    static final int ABRUPT_CLIENTS = size("abrupt.clients", 10, 100);

    /** Throwing pages: sockets per callback kind, and healthy sockets beside them. */
    static final int THROWING_PER_KIND = size("throwing.perKind", 5, 50);
    static final int HEALTHY_SOCKETS = size("healthy.sockets", 20, 200);

    /** Slow consumers and the healthy pushers beside them. */
    static final int SLOW_CONSUMERS = size("slow.consumers", 4, 20);
    static final int PUSHERS = size("slow.pushers", 10, 100);

    /** Flooding: request threads, flooding clients, messages each. */
    static final int FLOOD_THREADS = size("flood.maxThreads", 20, 200);
    static final int FLOOD_CLIENTS = size("flood.clients", 50, 250);
    static final int FLOOD_MESSAGES = size("flood.messages", 200, 1000);

    /** Undeploy: sockets under load, and deploy/undeploy cycles. */
    static final int UNDEPLOY_SOCKETS = size("undeploy.sockets", 60, 600);
    static final int UNDEPLOY_CYCLES = size("undeploy.cycles", 2, 5);

    /**
     * Handshake fuzz: raw handshakes, in shuffled rounds of every combination of spelling, page,
     * Origin and defect (1,352 of them), so the reduced size sends each at least twice.
     */
    static final int FUZZ_HANDSHAKES = size("fuzz.handshakes", 3000, 12000);

    private Sizes() {
    }

    private static int size(String name, int reduced, int full) {
        return Integer.getInteger("reliability." + name, FULL ? full : reduced);
    }

    static String describe() {
        return (FULL ? "full" : "reduced") + " size";
    }
}
