package io.cspwebsocket.demo;

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
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;

/**
 * One headless Chromium process for the browser tests: the Debian package {@code chromium}, run
 * with a fresh profile ({@code --user-data-dir}) of its own, so that two instances are two
 * independent browser sessions (separate cookies, separate HTTP sessions). It is driven through
 * its DevTools port, which listens on 127.0.0.1 only, with {@link DevToolsClient}. No browser is
 * downloaded.
 *
 * <p>Chromium is found on the {@code PATH} (or given with {@code -Ddemo.chromium}). Where it is
 * missing the calling test is skipped, saying so, except under {@code CI=true}, where it fails.
 */
final class ChromiumBrowser implements AutoCloseable {

    private static final Pattern PAGE_TARGET = Pattern.compile("\\{[^{}]*\"type\"\\s*:\\s*\"page\"[^{}]*\\}");
    private static final Pattern DEBUGGER_URL = Pattern.compile("\"webSocketDebuggerUrl\"\\s*:\\s*\"(ws://[^\"]+)\"");

    private final ChildProcess process;
    private final Path profile;

    private ChromiumBrowser(ChildProcess process, Path profile) {
        this.process = process;
        this.profile = profile;
    }

    /** The Chromium executable; skips (or, under CI, fails) the calling test if there is none. */
    static Path find() {
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

    /**
     * Starts headless Chromium on {@code url} with the fresh profile {@code workDir/<name>-profile}
     * (or {@code workDir/profile} for the name {@code ""}); its output goes to
     * {@code workDir/<name>.log}.
     */
    static ChromiumBrowser start(Path chromium, Path workDir, String name, URI url) throws IOException {
        Path profile = workDir.resolve(name.isEmpty() ? "profile" : name + "-profile");
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
                url.toString()));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.directory(workDir.toFile());
        String label = name.isEmpty() ? "chromium" : "chromium " + name;
        Path log = workDir.resolve(name.isEmpty() ? "chromium.log" : "chromium-" + name + ".log");
        return new ChromiumBrowser(ChildProcess.start(label, builder, log), profile);
    }

    /**
     * Connects to the page target whose URL contains {@code urlPart}, from the DevTools port that
     * Chromium wrote into its profile.
     */
    DevToolsClient connectToPage(String urlPart) throws Exception {
        Path portFile = profile.resolve("DevToolsActivePort");
        process.await("DevToolsActivePort file", () -> readFirstLine(portFile).isPresent(), DemoTestEnvironment.STARTUP_TIMEOUT);
        String port = readFirstLine(portFile).orElseThrow();
        URI list = URI.create("http://127.0.0.1:" + port + "/json/list");
        String[] found = new String[1];
        process.await("page target for " + urlPart, () -> {
            try {
                Matcher target = PAGE_TARGET.matcher(Http.get(list).body());
                while (target.find()) {
                    Matcher url = DEBUGGER_URL.matcher(target.group());
                    if (target.group().contains(urlPart) && url.find()) {
                        found[0] = url.group(1);
                        return true;
                    }
                }
                return false;
            } catch (IOException e) {
                return false;
            }
        }, DemoTestEnvironment.STARTUP_TIMEOUT);
        return DevToolsClient.connect(URI.create(found[0]));
    }

    /**
     * Polls the JavaScript {@code condition} in {@code page} every 100 ms until it is true; fails
     * after {@link DemoTestEnvironment#EVENT_TIMEOUT}, showing the value of {@code diagnostics}.
     * An evaluation that fails (the page is being navigated, or not loaded yet) counts as false;
     * the last such failure is part of the failure message.
     */
    static void awaitPage(DevToolsClient page, String what, String condition, String diagnostics) throws Exception {
        long deadline = System.nanoTime() + DemoTestEnvironment.EVENT_TIMEOUT.toNanos();
        AssertionError lastError = null;
        while (true) {
            try {
                if ("true".equals(page.evaluate(condition))) {
                    return;
                }
            } catch (AssertionError e) {
                lastError = e;
            }
            if (System.nanoTime() > deadline) {
                String state;
                try {
                    state = page.evaluate(diagnostics);
                } catch (AssertionError e) {
                    state = "(not available: " + e.getMessage() + ")";
                }
                fail("page: no " + what + " within " + DemoTestEnvironment.EVENT_TIMEOUT + "; page state:\n" + state
                        + (lastError == null ? "" : "\nlast evaluation error: " + lastError.getMessage()));
            }
            ChildProcess.sleep(Duration.ofMillis(100));
        }
    }

    /** Ends Chromium and its helper processes. */
    @Override
    public void close() {
        process.close();
    }

    private static Optional<String> readFirstLine(Path file) {
        try {
            return Files.exists(file) ? Files.readAllLines(file).stream().findFirst().filter(line -> !line.isBlank())
                    : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
