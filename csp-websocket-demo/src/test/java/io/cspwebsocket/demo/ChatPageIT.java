package io.cspwebsocket.demo;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The chat page in real browsers against the demo's launcher: {@link ChatBrowserScenario} (two
 * headless Chromium processes chatting through {@code MyApp.Chat}, admin pushes over HTTP).
 *
 * <p>Like {@link ChromiumPageIT}, this test is skipped where Chromium is missing, except under
 * {@code CI=true}.
 */
@Timeout(value = 240, unit = TimeUnit.SECONDS)
class ChatPageIT {

    @Test
    void twoBrowsersChatInOneRoomAndOneLeaves() throws Exception {
        java.nio.file.Path workDir = DemoTestEnvironment.newWorkDir("chat-page-");
        try (LauncherProcess launcher = LauncherProcess.start(workDir)) {
            ChatBrowserScenario.twoBrowsersChatInOneRoomAndOneLeaves(launcher.baseUri(), "browser-test", workDir);
        }
    }
}
