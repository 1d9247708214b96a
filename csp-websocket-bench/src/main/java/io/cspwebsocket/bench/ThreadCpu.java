package io.cspwebsocket.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The server process's CPU time split by who spent it, from thread names: the container's
 * request and poller threads, the threads that run pages (a platform thread per page, the
 * library's pooled workers, the raw thread-per-socket echo's threads, and on JDK 21+ the carriers
 * of virtual threads), the library's own background threads, other Java threads, and the JVM
 * itself (GC, JIT, VM threads: the process's CPU time minus every Java thread's).
 *
 * <p>Why: the process's CPU time per round trip says that the synchronous page costs more than
 * the hand-written thread-per-socket echo, not on which side of the hand-off; this does. A thread
 * that ends between two samples takes its time with it (echo runs keep their threads for the
 * whole measured phase).
 */
final class ThreadCpu {

    /** The groups, in report order. */
    static final String[] GROUPS = {"container", "pages", "library", "otherJava", "jvm"};

    private ThreadCpu() {
    }

    /**
     * @return CPU nanoseconds so far per group of {@link #GROUPS}; empty where the JVM cannot tell
     */
    static Map<String, Long> sample() {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long process = ControlServlet.processCpuNanos();
        Map<String, Long> out = new LinkedHashMap<>();
        if (process < 0 || !threads.isThreadCpuTimeSupported() || !threads.isThreadCpuTimeEnabled()) {
            return out;
        }
        for (String group : GROUPS) {
            out.put(group, 0L);
        }
        long javaThreads = 0;
        long[] ids = threads.getAllThreadIds();
        ThreadInfo[] infos = threads.getThreadInfo(ids);
        for (int i = 0; i < ids.length; i++) {
            long cpu = threads.getThreadCpuTime(ids[i]);
            if (cpu < 0 || infos[i] == null) {
                continue; // ended meanwhile
            }
            javaThreads += cpu;
            out.merge(groupOf(infos[i].getThreadName()), cpu, Long::sum);
        }
        out.put("jvm", Math.max(0, process - javaThreads));
        return out;
    }

    static String groupOf(String name) {
        if (name.startsWith("http-") || name.startsWith("Catalina")) {
            return "container";
        }
        if (name.startsWith("csp-page") || name.startsWith("csp-worker") || name.startsWith("raw-echo-thread")
                || (name.startsWith("ForkJoinPool") && name.contains("worker"))) {
            return "pages";
        }
        if (name.startsWith("csp-")) {
            return "library";
        }
        return "otherJava";
    }
}
