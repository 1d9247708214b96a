package io.cspwebsocket.impl.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cspwebsocket.CspClass;
import io.cspwebsocket.CspStatus;
import io.cspwebsocket.CspWebSocket;
import jakarta.annotation.PostConstruct;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Page creation without a CDI container: the CDI API is on this class path ({@code provided}), but
 * no container answers {@code CDI.current()}, as on a Tomcat that ships the API, or on standalone
 * Tyrus. Pages must then be made with their constructor, and nothing else. (With a container:
 * the TCK's CdiVerification on Payara.)
 */
class PageInstancesTest {

    static final AtomicInteger POST_CONSTRUCTS = new AtomicInteger();

    @CspClass("Test.Plain")
    public static class PlainPage extends CspWebSocket {
        @PostConstruct
        void constructed() {
            POST_CONSTRUCTS.incrementAndGet();
        }

        @Override
        protected CspStatus server() {
            return CspStatus.OK;
        }
    }

    @CspClass("Test.Throwing")
    public static class ThrowingPage extends CspWebSocket {
        public ThrowingPage() {
            throw new IllegalArgumentException("constructor failed");
        }

        @Override
        protected CspStatus server() {
            return CspStatus.OK;
        }
    }

    private static PageDescriptor descriptor(Class<?> page) {
        return ClsPathMapper.of(List.of(page)).pages().iterator().next();
    }

    @Test
    void withoutACdiContainerPagesComeFromTheirConstructor() throws ClassNotFoundException {
        Class.forName(PageInstances.CDI_CLASS); // the API is visible: the fallback is CDI.current() failing
        PageInstances instances = new PageInstances("/test");
        PageDescriptor page = descriptor(PlainPage.class);
        PageInstances.Created first = instances.create(page);
        PageInstances.Created second = instances.create(page);
        assertInstanceOf(PlainPage.class, first.page());
        assertNotSame(first.page(), second.page(), "one instance per connection");
        assertEquals(0, POST_CONSTRUCTS.get(), "no container, no @PostConstruct");
        first.release();
        first.release(); // once, and harmless without CDI
        second.release();
    }

    @Test
    void aFailingConstructorIsReportedAsTheSameIllegalStateException() {
        PageInstances instances = new PageInstances("/test");
        IllegalStateException failure = assertThrows(IllegalStateException.class,
                () -> instances.create(descriptor(ThrowingPage.class)));
        assertTrue(failure.getMessage().contains(ThrowingPage.class.getName()), failure.getMessage());
        assertInstanceOf(IllegalArgumentException.class, failure.getCause());
    }
}
