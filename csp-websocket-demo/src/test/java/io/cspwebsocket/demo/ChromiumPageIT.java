package io.cspwebsocket.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
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

    private static final String LOG_TEXT =
            "Array.from(document.querySelectorAll('#log li')).map(li => li.className + ' ' + li.lastChild.textContent).join('\\n')";

    @Test
    void demoPageEchoesThroughTheBrowserWebSocketApi() throws Exception {
        Path chromium = ChromiumBrowser.find();
        Path workDir = DemoTestEnvironment.newWorkDir("chromium-");
        try (LauncherProcess launcher = LauncherProcess.start(workDir);
             ChromiumBrowser browser = ChromiumBrowser.start(chromium, workDir, "", launcher.baseUri());
             DevToolsClient page = browser.connectToPage(launcher.baseUri().toString())) {

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
        ChromiumBrowser.awaitPage(page, what, condition, LOG_TEXT);
    }
}
