package io.cspwebsocket.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The demo page in a real browser: headless Chromium loads {@code index.html} from the launcher,
 * and the page's own JavaScript ({@code new WebSocket(url, "chat")}, {@code send}, {@code close})
 * talks to the echo page. Chromium is driven through its DevTools port on 127.0.0.1.
 *
 * <p>Chromium is the Debian package {@code chromium}, which {@code .ci/run} installs. Outside CI a
 * machine without it skips this test, saying so; under {@code CI=true} a missing Chromium fails.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class ChromiumPageIT {

    private static final Pattern PAGE_TARGET = Pattern.compile("\\{[^{}]*\"type\"\\s*:\\s*\"page\"[^{}]*\\}");
    private static final Pattern DEBUGGER_URL = Pattern.compile("\"webSocketDebuggerUrl\"\\s*:\\s*\"(ws://[^\"]+)\"");

    private static final String LOG_TEXT =
            "Array.from(document.querySelectorAll('#log li')).map(li => li.className + ' ' + li.lastChild.textContent).join('\\n')";

    @Test
    void demoPageEchoesThroughTheBrowserWebSocketApi() throws Exception {
        Path chromium = findChromium();
        Path workDir = DemoTestEnvironment.newWorkDir("chromium-");
        try (LauncherProcess launcher = LauncherProcess.start(workDir);
             ChildProcess browser = startChromium(chromium, workDir.resolve("profile"), launcher.baseUri(), workDir);
             DevToolsClient page = DevToolsClient.connect(pageTarget(browser, workDir.resolve("profile"), launcher.baseUri()))) {

            awaitPage(page, "the page to load", "document.readyState === 'complete' && document.getElementById('log') !== null");
            // The page connects on load.
            awaitPage(page, "readyState OPEN", "document.getElementById('ready-state').textContent === '1 (OPEN)'");
            assertEquals("\"chat\"", page.evaluate("document.getElementById('protocol').textContent"), "ws.protocol");
            assertEquals("ws://" + launcher.baseUri().getAuthority() + "/csp/user/MyApp.MyWebSocketServer.cls",
                    page.evaluate("document.getElementById('url').value"), "the URL the page computed");
            // readyState turns OPEN just before the onopen event is dispatched: wait for the handler's entry.
            awaitPage(page, "the onopen entry", logContains("open onopen: protocol \"chat\""));

            typeAndSend(page, "hello from Chromium");
            awaitPage(page, "the echo", logContains("message onmessage: hello from Chromium"));
            // The page shows bufferedAmount as polled every 200 ms: right after send() it may still show the bytes queued.
            awaitPage(page, "bufferedAmount 0", "document.getElementById('buffered-amount').textContent === '0'");

            Files.write(workDir.resolve("demo-page.png"), page.screenshot());

            typeAndSend(page, "exit");
            awaitPage(page, "onclose 1000", logContains("close onclose: code 1000, wasClean true"));
            awaitPage(page, "readyState CLOSED", "document.getElementById('ready-state').textContent === '3 (CLOSED)'");

            // Connect again, then the Close button: ws.close().
            page.run("document.getElementById('connect').click()");
            awaitPage(page, "readyState OPEN again", "document.getElementById('ready-state').textContent === '1 (OPEN)'");
            awaitPage(page, "the second onopen entry", "document.querySelectorAll('#log li.open').length === 2");
            page.run("document.getElementById('close').click()");
            awaitPage(page, "readyState CLOSED after close()", "document.getElementById('ready-state').textContent === '3 (CLOSED)'");
            awaitPage(page, "the second onclose entry", "document.querySelectorAll('#log li.close').length === 2");

            String log = page.evaluate(LOG_TEXT);
            assertEquals("0", page.evaluate("document.querySelectorAll('#log li.error').length"), "no error entries:\n" + log);
            assertEquals(2, log.lines().filter(line -> line.startsWith("open onopen: protocol \"chat\"")).count(), log);
            assertTrue(log.lines().anyMatch(line -> line.equals("info close()")), log);
        }
    }

    private static void typeAndSend(DevToolsClient page, String text) throws Exception {
        page.run("document.getElementById('message').value = " + DevToolsClient.json(text)
                + "; document.getElementById('send').click()");
    }

    private static String logContains(String text) {
        return "(" + LOG_TEXT + ").split('\\n').includes(" + DevToolsClient.json(text) + ")";
    }

    private static void awaitPage(DevToolsClient page, String what, String condition) throws Exception {
        long deadline = System.nanoTime() + DemoTestEnvironment.EVENT_TIMEOUT.toNanos();
        while (!"true".equals(page.evaluate(condition))) {
            if (System.nanoTime() > deadline) {
                fail("page: no " + what + " within " + DemoTestEnvironment.EVENT_TIMEOUT + "; event log:\n" + page.evaluate(LOG_TEXT));
            }
            ChildProcess.sleep(Duration.ofMillis(100));
        }
    }

    private static ChildProcess startChromium(Path chromium, Path profile, URI baseUri, Path workDir) throws IOException {
        Files.createDirectories(profile);
        List<String> command = new ArrayList<>(List.of(
                chromium.toString(),
                "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--no-default-browser-check",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-extensions", "--disable-default-apps", "--disable-domain-reliability",
                "--disable-client-side-phishing-detection", "--disable-dev-shm-usage", "--mute-audio",
                "--user-data-dir=" + profile,
                "--remote-debugging-address=127.0.0.1", "--remote-debugging-port=0",
                "--window-size=1000,900",
                baseUri.toString()));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.directory(workDir.toFile());
        return ChildProcess.start("chromium", builder, workDir.resolve("chromium.log"));
    }

    /** The page target's debugger URL, from the DevTools port Chromium wrote into its profile. */
    private static URI pageTarget(ChildProcess browser, Path profile, URI baseUri) throws IOException {
        Path portFile = profile.resolve("DevToolsActivePort");
        browser.await("DevToolsActivePort file", () -> readFirstLine(portFile).isPresent(), DemoTestEnvironment.STARTUP_TIMEOUT);
        String port = readFirstLine(portFile).orElseThrow();
        URI list = URI.create("http://127.0.0.1:" + port + "/json/list");
        String[] found = new String[1];
        browser.await("page target for " + baseUri, () -> {
            try {
                Matcher target = PAGE_TARGET.matcher(Http.get(list).body());
                while (target.find()) {
                    Matcher url = DEBUGGER_URL.matcher(target.group());
                    if (target.group().contains(baseUri.toString()) && url.find()) {
                        found[0] = url.group(1);
                        return true;
                    }
                }
                return false;
            } catch (IOException e) {
                return false;
            }
        }, DemoTestEnvironment.STARTUP_TIMEOUT);
        return URI.create(found[0]);
    }

    private static Optional<String> readFirstLine(Path file) {
        try {
            return Files.exists(file) ? Files.readAllLines(file).stream().findFirst().filter(line -> !line.isBlank())
                    : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static Path findChromium() {
        String configured = System.getProperty("demo.chromium");
        Optional<Path> found = configured != null ? Optional.of(Path.of(configured))
                : Stream.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
                        .filter(dir -> !dir.isEmpty())
                        .flatMap(dir -> Stream.of("chromium", "chromium-browser", "google-chrome").map(name -> Path.of(dir, name)))
                        .filter(Files::isExecutable)
                        .findFirst();
        if (found.isEmpty() || !Files.isExecutable(found.get())) {
            String message = "Chromium not found (PATH or -Ddemo.chromium); on Debian: apt-get install -y chromium";
            if (DemoTestEnvironment.isCi()) {
                fail(message + ". Under CI=true this test must run: .ci/run installs it.");
            }
            Assumptions.abort(message + ". Skipping the browser test outside CI.");
        }
        return found.get();
    }
}
