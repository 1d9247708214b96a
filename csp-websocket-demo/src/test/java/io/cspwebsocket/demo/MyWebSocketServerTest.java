package io.cspwebsocket.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cspwebsocket.test.CloseStatus;
import io.cspwebsocket.test.CspPageTest;
import io.cspwebsocket.test.CspTestRuntime;
import io.cspwebsocket.test.PageClient;
import io.cspwebsocket.test.TestClock;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Unit tests of the echo page, in memory: its ten-second time-out runs on the test's clock. */
@CspPageTest(MyWebSocketServer.class)
class MyWebSocketServerTest {

    @Test
    void echoesEachMessage(PageClient client) {
        client.sendText("hello");
        assertEquals("hello", client.receiveText());
        client.sendText("and again");
        assertEquals("and again", client.receiveText());
    }

    @Test
    void reportsATimeOutAfterTenSecondsOfSilence(PageClient client, TestClock clock) {
        client.awaitReading();
        clock.advance(Duration.ofSeconds(10));
        assertTrue(client.receiveText().startsWith("Server timed-out at "));
    }

    @Test
    void aMessageJustBeforeTheTimeOutIsEchoedInstead(PageClient client, TestClock clock) {
        client.awaitReading();
        clock.advance(Duration.ofSeconds(10).minusMillis(1));
        client.sendText("in time");
        // A time-out would have been written before the echo.
        assertEquals("in time", client.receiveText());
    }

    @Test
    void exitEndsTheSocketWith1000(PageClient client) {
        client.sendText("exit");
        assertEquals(new CloseStatus(1000, ""), client.awaitClose());
        client.awaitPostServer();
    }

    @Test
    void aClientThatLeavesEndsThePage(PageClient client) {
        client.close(1001, "navigating away");
        client.awaitPostServer();
    }

    @Test
    void answersTheChatSubprotocol(CspTestRuntime runtime) {
        PageClient client = runtime.request("/csp/user/MyApp.MyWebSocketServer.cls").subprotocols("chat").connect();
        assertEquals("chat", client.subprotocol());
    }
}
