package io.cspwebsocket.impl.internal;

import io.cspwebsocket.CspWebSocket;
import io.cspwebsocket.impl.CspPageFactory;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Creates an application's page instances: through the application's CDI container where it has
 * one (Payara, or any container with CDI), so that pages get {@code @Inject} fields and
 * {@code @PostConstruct}/{@code @PreDestroy} like any managed bean; else with the page's public
 * no-argument constructor (Tomcat, standalone Tyrus), exactly as without this class; or, when the
 * application passed a {@link CspPageFactory} (Spring Boot), always through that factory.
 *
 * <p>Which of the two is decided once per application, at its first handshake, on the
 * handshake's request thread, where containers make the application's CDI container current.
 * Every CDI type is confined to {@link CdiPages}, which is loaded only when
 * {@value #CDI_CLASS} is visible to the library; a container without CDI never loads it.
 */
final class PageInstances {

    /** The class whose visibility tells whether CDI can be there at all. */
    static final String CDI_CLASS = "jakarta.enterprise.inject.spi.CDI";

    /** A page instance and what ends it (pre-destroy and dispose under CDI; nothing otherwise). */
    static final class Created {
        private final CspWebSocket page;
        private final Runnable release;
        private final AtomicBoolean released = new AtomicBoolean();

        Created(CspWebSocket page, Runnable release) {
            this.page = page;
            this.release = release;
        }

        CspWebSocket page() {
            return page;
        }

        /** Ends the instance, once; after {@code onPostServer}, or when its handshake was refused. */
        void release() {
            if (released.compareAndSet(false, true)) {
                release.run();
            }
        }
    }

    /** Makes page instances one way. */
    interface Creator {
        /**
         * @param page the page to instantiate
         * @return the new instance
         * @throws IllegalStateException if it cannot be created (constructor or injection failed)
         */
        Created create(PageDescriptor page);

        /** @return how pages are created, for the log */
        String describe();
    }

    private static final Runnable NOTHING = () -> { };

    /** With the public no-argument constructor. */
    private static final Creator PLAIN = new Creator() {
        @Override
        public Created create(PageDescriptor page) {
            return new Created(page.newPage(), NOTHING);
        }

        @Override
        public String describe() {
            return "with their no-argument constructor (no CDI container)";
        }
    };

    private final String application;
    private volatile Creator creator;

    /** @param application the context path, for the log line */
    PageInstances(String application) {
        this.application = application;
    }

    /**
     * Pages made by the application's own factory, never by CDI or the constructor.
     *
     * @param application the context path, for the log line
     * @param factory the application's factory
     */
    PageInstances(String application, CspPageFactory factory) {
        this.application = application;
        this.creator = new FactoryCreator(factory);
        Log.info("csp-websocket: " + application + " creates pages " + factory.describe());
    }

    /** Adapts a {@link CspPageFactory}: one instance per connection, released once. */
    private record FactoryCreator(CspPageFactory factory) implements Creator {
        @Override
        public Created create(PageDescriptor page) {
            CspWebSocket instance;
            try {
                instance = factory.create(page.pageClass());
            } catch (RuntimeException e) {
                throw new IllegalStateException("cannot create page " + page.pageClass().getName() + " ("
                        + factory.describe() + "): " + e.getMessage(), e);
            }
            if (instance == null || instance.getClass() != page.pageClass()) {
                throw new IllegalStateException("the page factory returned " + (instance == null ? "null"
                        : "a " + instance.getClass().getName()) + " for page " + page.pageClass().getName());
            }
            return new Created(instance, () -> factory.release(instance));
        }

        @Override
        public String describe() {
            return factory.describe();
        }
    }

    /**
     * Creates a page for a new connection.
     *
     * @param page the page
     * @return the instance
     * @throws IllegalStateException if it cannot be created
     */
    Created create(PageDescriptor page) {
        Creator current = creator;
        if (current == null) {
            current = decide();
        }
        return current.create(page);
    }

    private synchronized Creator decide() {
        if (creator == null) {
            creator = cdiCreator();
            Log.info("csp-websocket: " + application + " creates pages " + creator.describe());
        }
        return creator;
    }

    /** @return the CDI creator if this application has a CDI container, else {@link #PLAIN} */
    private static Creator cdiCreator() {
        try {
            Class.forName(CDI_CLASS, false, PageInstances.class.getClassLoader());
        } catch (ClassNotFoundException | LinkageError e) {
            return PLAIN;
        }
        try {
            return CdiPages.start();
        } catch (IllegalStateException | LinkageError e) {
            // CDI's API without a container (or none for this application): CDI.current() throws.
            Log.debug(null, "no CDI container for pages: " + e);
            return PLAIN;
        }
    }
}
