package io.cspwebsocket.tck.broken;

import java.util.List;

/**
 * The deliberately broken adapters the TCK must reject, each one defect that a real
 * implementation could have, made by one textual change to the adapter's own sources, and the
 * verification that must catch it. As the Reactive Streams TCK is run against broken publishers:
 * a TCK that passes a broken adapter proves nothing about the good one.
 */
final class BrokenAdapters {

    /**
     * One defect.
     *
     * @param name short name, also the directory of its jar and reports
     * @param file the source file changed, relative to the adapter's source root
     * @param find the exact text replaced; it must occur exactly once, so that the defect cannot
     *        silently stop being made when the adapter's code changes
     * @param replace what replaces it
     * @param verification the concrete TCK class (on Tomcat) that must fail
     * @param what the defect, for messages
     */
    record Defect(String name, String file, String find, String replace, String verification, String what) {
    }

    private static final String INTERNAL = "io/cspwebsocket/impl/internal/";

    /** Every defect; the build's executions and the verdict use these names. */
    static final List<Defect> ALL = List.of(
            new Defect("unserialized-writes", INTERNAL + "SerializedWriter.java",
                    "onThisThread = !closed && !sending && queue.isEmpty();",
                    "onThisThread = !closed;",
                    "TomcatWriteIT",
                    "a blocking write goes on the wire while another message is still being sent (writes not serialized)"),
            new Defect("post-server-twice", INTERNAL + "SynchronousRunner.java",
                    "        connection.runPostServer();\n",
                    "        connection.runPostServer();\n        connection.runPostServer();\n",
                    "TomcatLifecycleIT",
                    "onPostServer runs twice"),
            new Defect("split-surrogate-pair", INTERNAL + "BlockingInbox.java",
                    "if (n > 0 && end < fragment.text.length()",
                    "if (false && n > 0 && end < fragment.text.length()",
                    "TomcatReadIT",
                    "read(len) splits a surrogate pair between two pieces"),
            new Defect("origin-check-off", INTERNAL + "OriginPolicy.java",
                    "public boolean allows(String origin, String requestScheme, String host) {\n",
                    "public boolean allows(String origin, String requestScheme, String host) {\n        if (origin != null) {\n            return true;\n        }\n",
                    "TomcatOriginIT",
                    "every Origin is allowed"),
            new Defect("stale-id-ok", INTERNAL + "LocalHandle.java",
                    "return new LocalHandle(webSocketId, connection, CspStatus.CLOSED);",
                    "return new LocalHandle(webSocketId, connection, CspStatus.OK);",
                    "TomcatOpenServerIT",
                    "openServer of a stale id answers OK"));

    private BrokenAdapters() {
    }
}
