package io.cspwebsocket.spring.boot;

import io.cspwebsocket.CspWebSocket;
import io.cspwebsocket.impl.CspPageFactory;
import org.springframework.beans.factory.config.AutowireCapableBeanFactory;

/**
 * Page instances made by the application's bean factory: constructor injection, {@code @Autowired}
 * fields and methods, {@code @Value}, the {@code *Aware} interfaces, {@code @PostConstruct} and
 * every bean post-processor apply, and {@link #release} runs {@code @PreDestroy}. A page is not a
 * bean of the context itself and has no scope: one new instance per connection (SPEC §2.1).
 */
final class SpringPageFactory implements CspPageFactory {

    private final AutowireCapableBeanFactory beans;

    /** @param beans the application's bean factory */
    SpringPageFactory(AutowireCapableBeanFactory beans) {
        this.beans = beans;
    }

    @Override
    public <T extends CspWebSocket> T create(Class<T> pageClass) {
        // createBean(Class) resolves the constructor as for a prototype bean (a single constructor,
        // or the @Autowired one), then populates and initializes the instance.
        return beans.createBean(pageClass);
    }

    @Override
    public void release(CspWebSocket page) {
        beans.destroyBean(page);
    }

    @Override
    public String describe() {
        return "through the Spring ApplicationContext (constructor injection, @Autowired, @PostConstruct, @PreDestroy)";
    }
}
