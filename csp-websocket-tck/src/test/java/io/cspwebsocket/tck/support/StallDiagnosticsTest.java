package io.cspwebsocket.tck.support;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StallDiagnosticsTest {

    @Test
    void aStallDumpsThisJvmAndTheNamedServerProcess(@TempDir Path dir) throws Exception {
        System.setProperty(StallDiagnostics.DIR_PROPERTY, dir.toString());
        // This JVM stands in for a server process of its own: jcmd attaches to it like to Payara.
        System.setProperty(StallDiagnostics.SERVER_PID_PROPERTY, Long.toString(ProcessHandle.current().pid()));
        try {
            String where = StallDiagnostics.record("handshake to ws://example did not finish");

            assertTrue(where.contains(dir.toString()), where);
            Path dump;
            try (var files = Files.list(dir)) {
                dump = files.findFirst().orElseThrow();
            }
            String text = Files.readString(dump, StandardCharsets.UTF_8);
            assertTrue(text.contains("handshake to ws://example did not finish"), text);
            assertTrue(text.contains("aStallDumpsThisJvmAndTheNamedServerProcess"), "this thread's stack is missing");
            assertTrue(text.contains("=== server process " + ProcessHandle.current().pid()), text);
            assertTrue(text.contains("Full thread dump"), "jcmd's dump is missing:\n" + text);
        } finally {
            System.clearProperty(StallDiagnostics.DIR_PROPERTY);
            System.clearProperty(StallDiagnostics.SERVER_PID_PROPERTY);
        }
    }
}
