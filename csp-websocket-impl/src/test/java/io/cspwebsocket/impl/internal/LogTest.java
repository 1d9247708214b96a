package io.cspwebsocket.impl.internal;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;

/** The library's logging never throws into a page's lifecycle, whatever the application's log handler does. */
class LogTest {

    @Test
    void aThrowingLogHandlerDoesNotReachTheCaller() {
        Logger logger = Logger.getLogger("io.cspwebsocket");
        AtomicInteger published = new AtomicInteger();
        Handler throwing = new Handler() {
            @Override
            public void publish(LogRecord record) {
                published.incrementAndGet();
                throw new IllegalStateException("a broken log handler");
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        logger.addHandler(throwing);
        try {
            assertDoesNotThrow(() -> Log.warn("id", "a page threw", new RuntimeException("the page's")));
            assertDoesNotThrow(() -> Log.warn("id", "a warning"));
            assertDoesNotThrow(() -> Log.info("id", "a line"));
            assertDoesNotThrow(() -> Log.info("an application line"));
            assertEquals(4, published.get(), "each line reached the handler");
        } finally {
            logger.removeHandler(throwing);
        }
    }
}
