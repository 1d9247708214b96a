package io.cspwebsocket.spring.boot;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.beans.factory.support.GenericBeanDefinition;
import org.springframework.boot.autoconfigure.AutoConfigurationPackages;

/**
 * The packages named by {@link CspPageScan} annotations, held as one bean so that several
 * annotations add up. Where there is none, the pages are looked for in the application's
 * auto-configuration packages (those of {@code @SpringBootApplication}).
 */
final class CspPagePackages {

    /** The bean's name. */
    static final String BEAN = CspPagePackages.class.getName();

    private final Set<String> packages;

    /**
     * @param packages the package names
     */
    CspPagePackages(Collection<String> packages) {
        this.packages = new LinkedHashSet<>(packages);
    }

    /**
     * Adds packages to the registry's bean, creating it at the first {@link CspPageScan}.
     *
     * @param registry the application's bean registry
     * @param packages the packages to add
     */
    static void register(BeanDefinitionRegistry registry, Collection<String> packages) {
        if (registry.containsBeanDefinition(BEAN)) {
            BeanDefinition existing = registry.getBeanDefinition(BEAN);
            @SuppressWarnings("unchecked")
            Collection<String> held = (Collection<String>) existing.getConstructorArgumentValues()
                    .getIndexedArgumentValue(0, Collection.class).getValue();
            Set<String> merged = new LinkedHashSet<>(held);
            merged.addAll(packages);
            existing.getConstructorArgumentValues().addIndexedArgumentValue(0, new ArrayList<>(merged));
            return;
        }
        GenericBeanDefinition definition = new GenericBeanDefinition();
        definition.setBeanClass(CspPagePackages.class);
        definition.getConstructorArgumentValues().addIndexedArgumentValue(0, new ArrayList<>(packages));
        definition.setRole(BeanDefinition.ROLE_INFRASTRUCTURE);
        registry.registerBeanDefinition(BEAN, definition);
    }

    /**
     * @param beans the application's bean factory
     * @return the packages of its {@link CspPageScan} annotations, else its auto-configuration
     *         packages, else none
     */
    static List<String> of(BeanFactory beans) {
        if (beans.containsBean(BEAN)) {
            return List.copyOf(beans.getBean(BEAN, CspPagePackages.class).packages);
        }
        if (AutoConfigurationPackages.has(beans)) {
            return List.copyOf(AutoConfigurationPackages.get(beans));
        }
        return List.of();
    }
}
