package io.cspwebsocket.spring.boot;

import org.springframework.context.SmartLifecycle;

/**
 * Ends the pages first when the application context closes. Spring Boot stops its embedded
 * Tomcat in two steps: the web server's lifecycle removes the connectors (every open socket is
 * dropped without a close frame: the client sees 1006), then the context destroys its singletons,
 * and only after that is Tomcat's web application undeployed, which is where the library would
 * close the sockets and run {@code onPostServer} (on pages whose injected beans are gone by then).
 * Stopping in the highest phase, before graceful shutdown and the web server, does it while the
 * connections and the beans are still there: clients get 1001 and each page ends normally.
 */
final class CspPagesLifecycle implements SmartLifecycle {

    private final CspPagesInitializer pages;
    private volatile boolean running;

    /** @param pages the initializer that started the pages */
    CspPagesLifecycle(CspPagesInitializer pages) {
        this.pages = pages;
    }

    @Override
    public void start() {
        running = true; // the pages start with Tomcat; this only marks that stop() is due
    }

    @Override
    public void stop() {
        running = false;
        pages.shutdown();
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** @return {@link SmartLifecycle#DEFAULT_PHASE}: stops before Boot's graceful shutdown and web server */
    @Override
    public int getPhase() {
        return SmartLifecycle.DEFAULT_PHASE;
    }
}
