package io.cspwebsocket.impl;

import io.cspwebsocket.CspWebSocket;

/**
 * Creates and ends page instances for an application whose pages come from a dependency-injection
 * container of its own (a Spring {@code ApplicationContext}, say), in place of the library's
 * default (CDI where the application has it, else the page's public no-argument constructor).
 * Pass it to {@link CspServletContainerInitializer#CspServletContainerInitializer(CspPageFactory)}.
 *
 * <p>The library still owns the life cycle (SPEC §2.1): it calls {@link #create} once per
 * handshake, for a new instance that no other connection sees, and {@link #release} once for each
 * instance it created, after {@code onPostServer}, or as soon as the handshake was refused. Since
 * the factory decides how to construct a page, pages served through one need no public
 * no-argument constructor (constructor injection works); every other rule of SPEC §1.3 stays.
 *
 * <p>Both methods run on the library's or the container's threads, concurrently for different
 * connections: implementations must be thread-safe.
 */
public interface CspPageFactory {

    /**
     * Creates the page instance for a new connection, on the handshake's request thread.
     *
     * @param pageClass a validated page class of the application
     * @param <T> the page type
     * @return a new instance of exactly that class, never shared with another connection
     * @throws RuntimeException if it cannot be created; the handshake is then refused with 500
     */
    <T extends CspWebSocket> T create(Class<T> pageClass);

    /**
     * Ends an instance that {@link #create} returned: once, after its {@code onPostServer}, or
     * after its handshake was refused or abandoned. An exception is logged and ignored.
     *
     * @param page the instance
     */
    void release(CspWebSocket page);

    /** @return how this factory creates pages, for the log line written at the first handshake */
    default String describe() {
        return "through " + getClass().getName();
    }
}
