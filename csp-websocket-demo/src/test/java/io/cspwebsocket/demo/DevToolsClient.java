package io.cspwebsocket.demo;

import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Just enough of the Chrome DevTools Protocol to drive one page: evaluate JavaScript and take a
 * screenshot, over the JDK WebSocket client, so the browser test needs no WebDriver and no JSON
 * library. Values come back through {@code encodeURIComponent}, so they never need JSON unescaping.
 */
final class DevToolsClient implements WebSocket.Listener, AutoCloseable {

    private static final Pattern STRING_VALUE = Pattern.compile("\"value\":\"([^\"]*)\"");
    private static final Pattern SCREENSHOT_DATA = Pattern.compile("\"data\":\"([A-Za-z0-9+/=]+)\"");

    private final BlockingQueue<String> messages = new LinkedBlockingQueue<>();
    private final StringBuilder parts = new StringBuilder();
    private WebSocket webSocket;
    private int lastId;

    private DevToolsClient() {
    }

    /** Connects to a page target's {@code webSocketDebuggerUrl}. */
    static DevToolsClient connect(URI debuggerUrl) throws Exception {
        DevToolsClient client = new DevToolsClient();
        client.webSocket = HttpClient.newHttpClient().newWebSocketBuilder()
                .connectTimeout(DemoTestEnvironment.EVENT_TIMEOUT)
                .buildAsync(debuggerUrl, client)
                .get(DemoTestEnvironment.EVENT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        return client;
    }

    /** Evaluates a JavaScript expression in the page and returns its value as a string. */
    String evaluate(String expression) throws Exception {
        String wrapped = "(() => encodeURIComponent(String(" + expression + ")))()";
        String response = call("Runtime.evaluate", "{\"expression\":" + json(wrapped) + ",\"returnByValue\":true}");
        if (response.contains("\"exceptionDetails\"")) {
            throw new AssertionError("JavaScript threw: " + expression + " -> " + response);
        }
        Matcher value = STRING_VALUE.matcher(response);
        if (!value.find()) {
            throw new AssertionError("no string value for " + expression + " in " + response);
        }
        return URLDecoder.decode(value.group(1), StandardCharsets.UTF_8);
    }

    /** Runs JavaScript statements in the page. */
    void run(String statements) throws Exception {
        evaluate("(() => { " + statements + "; return ''; })()");
    }

    /** A PNG of the page as it is now. */
    byte[] screenshot() throws Exception {
        String response = call("Page.captureScreenshot", "{\"format\":\"png\"}");
        Matcher data = SCREENSHOT_DATA.matcher(response);
        if (!data.find()) {
            throw new AssertionError("no screenshot in " + response.substring(0, Math.min(200, response.length())));
        }
        return Base64.getDecoder().decode(data.group(1));
    }

    /** A JavaScript (and JSON) string literal for {@code text}. */
    static String json(String text) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : text.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20 || c > 0x7e) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }

    private String call(String method, String params) throws Exception {
        int id = ++lastId;
        webSocket.sendText("{\"id\":" + id + ",\"method\":\"" + method + "\",\"params\":" + params + "}", true)
                .get(DemoTestEnvironment.EVENT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        long deadline = System.nanoTime() + DemoTestEnvironment.EVENT_TIMEOUT.toNanos();
        String prefix = "{\"id\":" + id + ",";
        while (true) {
            long left = deadline - System.nanoTime();
            String message = left > 0 ? messages.poll(left, TimeUnit.NANOSECONDS) : null;
            if (message == null) {
                throw new TimeoutException("no DevTools answer to " + method + " within " + DemoTestEnvironment.EVENT_TIMEOUT);
            }
            if (message.startsWith(prefix)) {
                return message;
            }
            // Anything else is an event or a late answer: not needed here.
        }
    }

    @Override
    public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
        parts.append(data);
        if (last) {
            messages.add(parts.toString());
            parts.setLength(0);
        }
        ws.request(1);
        return null;
    }

    @Override
    public void close() {
        if (webSocket == null) {
            return;
        }
        try {
            webSocket.sendClose(WebSocket.NORMAL_CLOSURE, "").get(5, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            // Best effort; aborted below.
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        webSocket.abort();
    }
}
