package io.cspwebsocket.test;

import io.cspwebsocket.CspWebSocket;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Unit tests of pages with JUnit 5: each test method gets a fresh {@link CspTestRuntime}
 * serving the named pages, and the runtime is shut down after the test, which fails if a page
 * thread outlived its socket.
 *
 * <p>Test methods may declare parameters of these types:
 * <ul>
 *   <li>{@link CspTestRuntime}: the test's runtime;</li>
 *   <li>{@link TestClock}: its clock, which the pages' read timeouts follow;</li>
 *   <li>{@link PageClient}: a socket already open to the page, when exactly one page is named
 *       (a plain request: no parameters, no user). Several such parameters are several sockets.</li>
 * </ul>
 *
 * <pre>{@code
 * @CspPageTest(MyWebSocketServer.class)
 * class MyWebSocketServerTest {
 *     @Test
 *     void echoes(PageClient client) {
 *         client.sendText("hello");
 *         assertEquals("hello", client.receiveText());
 *     }
 * }
 * }</pre>
 *
 * <p>On a method, the annotation's pages replace those named on the class.
 */
@Documented
@Inherited
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
@ExtendWith(CspPageTestExtension.class)
public @interface CspPageTest {

    /** @return the page classes the runtime serves */
    Class<? extends CspWebSocket>[] value();

    /** @return cross-site origins allowed to open every page ({@code *} for all); none by default */
    String[] allowedOrigins() default {};

    /**
     * @return how long the shutdown after each test waits for page threads before it fails the
     *         test, in milliseconds ({@link CspTestRuntime#DEFAULT_SHUTDOWN_TIMEOUT} by default)
     */
    long shutdownTimeoutMillis() default 2000;
}
