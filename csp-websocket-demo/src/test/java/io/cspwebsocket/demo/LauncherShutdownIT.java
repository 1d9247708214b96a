package io.cspwebsocket.demo;

import static io.cspwebsocket.demo.WebSocketRecorder.assertCloseCode;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Stopping the launcher (Ctrl-C, SIGTERM) is a clean shutdown: a client that is still connected
 * gets close code 1001, "going away" (SPEC.md §10), as the launcher says when it stops.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class LauncherShutdownIT {

    @Test
    void stoppingTheLauncherClosesOpenSocketsWith1001() {
        LauncherProcess launcher = LauncherProcess.start(DemoTestEnvironment.newWorkDir("shutdown-"));
        try (WebSocketRecorder client = WebSocketRecorder.connect(launcher.webSocketUri(DemoTestEnvironment.ECHO_PAGE_PATH), "chat")) {
            client.send("still here");
            assertEquals("still here", client.expectText());

            launcher.close();
            assertCloseCode(1001, client.expectClose());
            client.assertExhausted();
        } finally {
            launcher.close();
        }
    }
}
