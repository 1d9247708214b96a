package io.cspwebsocket.reliability;

import java.lang.management.ManagementFactory;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;

/** Reads the library's CspWebSocketsMXBean of the application at "/" through the platform MBean server. */
final class Jmx {

    static final ObjectName MBEAN;

    static {
        try {
            MBEAN = new ObjectName("io.cspwebsocket:type=CspWebSockets,application=\"/\"");
        } catch (JMException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private Jmx() {
    }

    static MBeanServer server() {
        return ManagementFactory.getPlatformMBeanServer();
    }

    static boolean registered() {
        return server().isRegistered(MBEAN);
    }

    static long get(String attribute) {
        try {
            return ((Number) server().getAttribute(MBEAN, attribute)).longValue();
        } catch (JMException e) {
            throw new AssertionError("cannot read " + attribute + " of " + MBEAN, e);
        }
    }

    /** A snapshot of the counters, for before/after differences. */
    record Counters(long open, long opened, long in, long out, long refused, long sendTimeouts, long callbackErrors,
                    long libraryThreads) {
        static Counters now() {
            return new Counters(get("OpenSockets"), get("OpenedSockets"), get("MessagesIn"), get("MessagesOut"),
                    get("RefusedHandshakes"), get("SendTimeouts"), get("CallbackErrors"), get("LibraryThreads"));
        }
    }
}
