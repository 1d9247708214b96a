package io.cspwebsocket.sample;

import io.cspwebsocket.demo.ChatBrowserScenario;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.core.env.Environment;

/**
 * The demo's chat page, unchanged, in two headless Chromium browsers against the Spring Boot
 * sample: the same scenario the demo runs against its launcher ({@link ChatBrowserScenario}), here
 * served by the sample's static resources, its {@code MyApp.Chat} page (rooms from the
 * {@link ChatRooms} bean) and its {@code POST /admin/push} controller.
 *
 * <p>Skipped where Chromium is missing, except under {@code CI=true}, where that fails.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@Timeout(value = 240, unit = TimeUnit.SECONDS)
class SampleChatPageIT {

    @Autowired
    private Environment environment;

    @Test
    void twoBrowsersChatInARoomOfTheRoomService() throws Exception {
        URI base = URI.create("http://127.0.0.1:" + environment.getProperty("local.server.port") + "/");
        Path workDir = Files.createTempDirectory(Files.createDirectories(
                Path.of(System.getProperty("demo.workDir", "target/it-work")).toAbsolutePath()), "sample-chat-");
        // "java" is one of the rooms ChatRooms serves; the sample refuses a room it does not know.
        ChatBrowserScenario.twoBrowsersChatInOneRoomAndOneLeaves(base, "java", workDir);
    }
}
