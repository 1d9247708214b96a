package io.cspwebsocket.spring.boot.war;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cspwebsocket.demo.TomcatDistribution;
import io.cspwebsocket.demo.WebSocketRecorder;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A Spring Boot application with the starter, packaged as a WAR and dropped into a real Tomcat
 * 10.1 distribution. Tomcat runs both the library's {@code ServletContainerInitializer} (from
 * {@code WEB-INF/lib}) and Spring's; the page has only an injecting constructor, so it is served
 * only if the library's own initializer steps aside and the Spring application's page factory
 * creates each instance. Stopping Tomcat then closes the open socket with 1001 (SPEC §10).
 */
@Timeout(value = 240, unit = TimeUnit.SECONDS)
class BootWarInTomcatIT {

    private static final Pattern PAGE_NUMBER = Pattern.compile("\\(page (\\d+)\\)$");

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void pagesAreCreatedByTheSpringApplicationAndClosedWith1001WhenTomcatStops() throws Exception {
        Path war = Path.of(System.getProperty("bootWar.war"));
        Path home = Path.of(System.getProperty("bootWar.tomcatHome"));
        TomcatDistribution tomcat = TomcatDistribution.start(home, Map.of("boot-war.war", war),
                "the Spring application's GET /boot-war/greeting", this::answersGreeting, Duration.ofSeconds(60));
        WebSocketRecorder second;
        try {
            URI page = URI.create("ws://" + tomcat.base().getAuthority() + "/boot-war/csp/user/Boot.Greeting.cls");
            try (WebSocketRecorder first = WebSocketRecorder.connect(page)) {
                first.send("Ada");
                String firstAnswer = first.expectText();
                assertTrue(firstAnswer.startsWith("Hello from Spring Boot in Tomcat, Ada (page "), firstAnswer + "\n" + tomcat.tail());

                second = WebSocketRecorder.connect(page);
                second.send("Grace");
                String secondAnswer = second.expectText();
                assertTrue(secondAnswer.startsWith("Hello from Spring Boot in Tomcat, Grace (page "), secondAnswer);
                assertNotEquals(pageNumber(firstAnswer), pageNumber(secondAnswer), "one page instance per connection");

                first.send("exit");
                assertEquals(1000, first.expectClose().code());
            }

            String console = tomcat.console();
            assertTrue(console.contains("leaves its 1 page class(es) to the application's framework"),
                    "the library's own initializer stepped aside:\n" + tomcat.tail());
            assertEquals(1, count(console, "/boot-war serves 1 page(s) [/csp/user/Boot.Greeting.cls]"),
                    "the page is served once, by the Spring application:\n" + tomcat.tail());
        } finally {
            tomcat.close();
        }
        assertEquals(1001, second.expectClose().code(), "the open socket when Tomcat stopped (SPEC §10)");
        second.close();
    }

    private boolean answersGreeting(URI base) {
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(base.resolve("/boot-war/greeting?name=probe"))
                    .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200 && response.body().equals("Hello from Spring Boot in Tomcat, probe");
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static String pageNumber(String answer) {
        Matcher number = PAGE_NUMBER.matcher(answer);
        assertTrue(number.find(), answer);
        return number.group(1);
    }

    private static int count(String text, String part) {
        int count = 0;
        for (int at = text.indexOf(part); at >= 0; at = text.indexOf(part, at + 1)) {
            count++;
        }
        return count;
    }
}
