package io.cspwebsocket.impl.internal;

import io.cspwebsocket.CspWebSocket;
import jakarta.enterprise.inject.spi.BeanManager;
import jakarta.enterprise.inject.spi.CDI;
import jakarta.enterprise.inject.spi.Unmanaged;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Page instances as non-contextual CDI instances ({@link Unmanaged}): the container calls the
 * no-argument constructor, injects {@code @Inject} fields and methods, and calls
 * {@code @PostConstruct}; {@link PageInstances.Created#release()} calls {@code @PreDestroy} and
 * disposes the instance's dependent objects. A page is not a bean itself and has no scope: one
 * instance per connection, as without CDI.
 *
 * <p>The only class of the library that uses CDI types; {@link PageInstances} loads it only when
 * the CDI API is visible.
 */
final class CdiPages implements PageInstances.Creator {

    private final BeanManager beans;
    private final Map<Class<?>, Unmanaged<?>> injectors = new ConcurrentHashMap<>();

    private CdiPages(BeanManager beans) {
        this.beans = beans;
    }

    /**
     * @return a creator bound to the current application's CDI container
     * @throws IllegalStateException if there is no CDI container for the calling application
     */
    static PageInstances.Creator start() {
        BeanManager beans = CDI.current().getBeanManager();
        if (beans == null) {
            throw new IllegalStateException("CDI.current() has no BeanManager");
        }
        return new CdiPages(beans);
    }

    @Override
    public PageInstances.Created create(PageDescriptor page) {
        return create(page.pageClass());
    }

    @Override
    public String describe() {
        return "through CDI (@Inject, @PostConstruct, @PreDestroy)";
    }

    private <T extends CspWebSocket> PageInstances.Created create(Class<T> pageClass) {
        Unmanaged.UnmanagedInstance<T> instance;
        try {
            instance = injector(pageClass).newInstance();
        } catch (RuntimeException e) {
            throw new IllegalStateException("CDI cannot create page " + pageClass.getName() + ": " + e.getMessage(), e);
        }
        try {
            instance.produce().inject().postConstruct();
        } catch (RuntimeException e) {
            try {
                instance.dispose();
            } catch (RuntimeException ignored) {
                // The instance is lost anyway; the first failure is the one to report.
            }
            throw new IllegalStateException("CDI could not create page " + pageClass.getName() + ": " + e.getMessage(), e);
        }
        return new PageInstances.Created(instance.get(), () -> {
            try {
                instance.preDestroy();
            } finally {
                instance.dispose();
            }
        });
    }

    /** One injection target per page class, made at its first connection (unsatisfied injection points fail here). */
    @SuppressWarnings("unchecked")
    private <T> Unmanaged<T> injector(Class<T> pageClass) {
        return (Unmanaged<T>) injectors.computeIfAbsent(pageClass, type -> new Unmanaged<>(beans, pageClass));
    }
}
