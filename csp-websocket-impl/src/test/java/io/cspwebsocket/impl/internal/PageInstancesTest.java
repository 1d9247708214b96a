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

    @Test
    void aPageFactoryMakesEveryInstanceAndReleasesEachOnce() {
        List<CspWebSocket> released = new java.util.concurrent.CopyOnWriteArrayList<>();
        PageInstances instances = new PageInstances("/test", new io.cspwebsocket.impl.CspPageFactory() {
            @Override
            public <T extends CspWebSocket> T create(Class<T> pageClass) {
                return pageClass.cast(new PlainPage());
            }

            @Override
            public void release(CspWebSocket page) {
                released.add(page);
            }
        });
        PageInstances.Created first = instances.create(descriptor(PlainPage.class));
        PageInstances.Created second = instances.create(descriptor(PlainPage.class));
        assertNotSame(first.page(), second.page());
        first.release();
        first.release();
        assertEquals(List.of(first.page()), released, "released once");
        IllegalStateException wrongClass = assertThrows(IllegalStateException.class,
                () -> new PageInstances("/test", new io.cspwebsocket.impl.CspPageFactory() {
                    @Override
                    @SuppressWarnings("unchecked")
                    public <T extends CspWebSocket> T create(Class<T> pageClass) {
                        return (T) new ThrowingPageSubstitute();
                    }

                    @Override
                    public void release(CspWebSocket page) {
                    }
                }).create(descriptor(PlainPage.class)));
        assertTrue(wrongClass.getMessage().contains(ThrowingPageSubstitute.class.getName()), wrongClass.getMessage());
    }

    /** Not the page class a factory was asked for. */
    public static class ThrowingPageSubstitute extends CspWebSocket {
        @Override
        protected CspStatus server() {
            return CspStatus.OK;
        }
    }
}
