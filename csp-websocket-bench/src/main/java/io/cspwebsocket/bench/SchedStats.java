package io.cspwebsocket.bench;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * What Linux's scheduler says about a process's threads, by thread group: CPU time, time spent
 * runnable but waiting for a CPU (the run queue), and voluntary context switches (each is a
 * thread going to sleep, so each later wake-up is a hand-off). Read from
 * {@code /proc/<pid>/task/<tid>/schedstat} and {@code status}; on other systems every figure is 0.
 *
 * <p>This is what JFR cannot show: a thread that is ready but has no CPU appears in no JFR event,
 * yet on a loaded 2-core machine that wait is most of a latency tail. Thread names are the
 * kernel's, cut to 15 characters, so the groups go by prefix.
 */
final class SchedStats {

    /**
     * One group's totals.
     *
     * @param runNanos CPU time
     * @param waitNanos time runnable but not running
     * @param sleeps voluntary context switches
     */
    record Totals(long runNanos, long waitNanos, long sleeps) {
        Totals minus(Totals before) {
            return new Totals(runNanos - before.runNanos, waitNanos - before.waitNanos, sleeps - before.sleeps);
        }

        Totals plus(Totals other) {
            return new Totals(runNanos + other.runNanos, waitNanos + other.waitNanos, sleeps + other.sleeps);
        }
    }

    private SchedStats() {
    }

    /**
     * @param pid a process
     * @param whole a group name for every thread of it (e.g. {@code redis}), or {@code null} to group by thread name
     * @return its threads' totals by group, in a fixed order
     */
    static Map<String, Totals> snapshot(long pid, String whole) {
        Map<String, Totals> groups = new LinkedHashMap<>();
        for (String group : new String[] {"lettuce", "callback", "tomcat", "gc", "jit", "other"}) {
            if (whole == null) {
                groups.put(group, new Totals(0, 0, 0));
            }
        }
        try (DirectoryStream<Path> tasks = Files.newDirectoryStream(Path.of("/proc", Long.toString(pid), "task"))) {
            for (Path task : tasks) {
                try {
                    String[] sched = Files.readString(task.resolve("schedstat")).trim().split("\\s+");
                    long sleeps = 0;
                    for (String line : Files.readAllLines(task.resolve("status"))) {
                        if (line.startsWith("voluntary_ctxt_switches:")) {
                            sleeps = Long.parseLong(line.substring(line.indexOf(':') + 1).trim());
                        }
                    }
                    String group = whole != null ? whole : group(Files.readString(task.resolve("comm")).trim());
                    groups.merge(group, new Totals(Long.parseLong(sched[0]), Long.parseLong(sched[1]), sleeps),
                            Totals::plus);
                } catch (IOException | RuntimeException e) {
                    // the thread ended meanwhile
                }
            }
        } catch (IOException e) {
            // no /proc: nothing to say
        }
        return groups;
    }

    /** The kernel keeps 15 characters of a thread's name: group by what is left. */
    private static String group(String comm) {
        if (comm.startsWith("csp-redis-lettu")) {
            return "lettuce"; // Netty event loops (and Lettuce's idle computation/timer threads)
        }
        if (comm.startsWith("csp-redis-callb")) {
            return "callback";
        }
        if (comm.startsWith("http-nio-")) {
            return "tomcat"; // executor threads (the control request, send completions), poller, acceptor
        }
        if (comm.startsWith("GC Thread") || comm.startsWith("G1 ")) {
            return "gc";
        }
        if (comm.startsWith("C1 Compiler") || comm.startsWith("C2 Compiler")) {
            return "jit";
        }
        return "other";
    }

    /**
     * @param before a snapshot
     * @param after a later one of the same process
     * @return the difference by group
     */
    static Map<String, Totals> delta(Map<String, Totals> before, Map<String, Totals> after) {
        Map<String, Totals> out = new LinkedHashMap<>();
        after.forEach((group, totals) -> out.put(group, totals.minus(before.getOrDefault(group, new Totals(0, 0, 0)))));
        return out;
    }

    /**
     * @param name e.g. {@code A}
     * @param delta a difference of snapshots
     * @param per what to divide by (e.g. the writes)
     * @return e.g. {@code A lettuce 35/12 us 2.1 sleeps, ...}: CPU / run-queue wait per unit, and sleeps per unit
     */
    static String describe(String name, Map<String, Totals> delta, long per) {
        StringBuilder out = new StringBuilder();
        delta.forEach((group, t) -> {
            if (t.runNanos() == 0 && t.waitNanos() == 0) {
                return;
            }
            if (out.length() > 0) {
                out.append(", ");
            }
            out.append(String.format(Locale.ROOT, "%s %s %.0f/%.0f us %.1f sleeps", name, group,
                    t.runNanos() / 1e3 / per, t.waitNanos() / 1e3 / per, (double) t.sleeps() / per));
        });
        return out.toString();
    }
}
