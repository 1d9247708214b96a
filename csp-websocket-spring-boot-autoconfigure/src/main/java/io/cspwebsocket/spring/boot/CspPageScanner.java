package io.cspwebsocket.spring.boot;

import io.cspwebsocket.CspClass;
import java.util.LinkedHashSet;
import java.util.Set;
import org.springframework.beans.factory.annotation.AnnotatedBeanDefinition;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.context.annotation.ClassPathScanningCandidateComponentProvider;
import org.springframework.core.env.Environment;
import org.springframework.core.io.ResourceLoader;
import org.springframework.core.type.filter.AnnotationTypeFilter;
import org.springframework.util.ClassUtils;

/**
 * Finds the classes annotated {@link CspClass} in packages, as a WAR's container finds them for
 * {@code @HandlesTypes}: every annotated class, abstract or inner ones included, so that the
 * library's validation names the invalid ones (SPEC §1.3) instead of the scan skipping them.
 */
final class CspPageScanner {

    private final Environment environment;
    private final ResourceLoader resourceLoader;

    /**
     * @param environment the application's environment (resolves placeholders in package names)
     * @param resourceLoader the application's resource loader, and so its class loader
     */
    CspPageScanner(Environment environment, ResourceLoader resourceLoader) {
        this.environment = environment;
        this.resourceLoader = resourceLoader;
    }

    /**
     * @param packages package names, sub-packages included
     * @return the annotated classes found, loaded by the application's class loader
     * @throws IllegalStateException if a class that was found cannot be loaded
     */
    Set<Class<?>> scan(Iterable<String> packages) {
        ClassPathScanningCandidateComponentProvider provider =
                new ClassPathScanningCandidateComponentProvider(false, environment) {
                    @Override
                    protected boolean isCandidateComponent(AnnotatedBeanDefinition definition) {
                        return true; // pages are not beans: the library, not Spring, decides which are valid
                    }
                };
        provider.setResourceLoader(resourceLoader);
        provider.addIncludeFilter(new AnnotationTypeFilter(CspClass.class));
        ClassLoader loader = resourceLoader.getClassLoader();
        Set<Class<?>> found = new LinkedHashSet<>();
        for (String name : packages) {
            for (BeanDefinition candidate : provider.findCandidateComponents(name)) {
                try {
                    found.add(ClassUtils.forName(candidate.getBeanClassName(), loader));
                } catch (ClassNotFoundException | LinkageError e) {
                    throw new IllegalStateException("csp-websocket: cannot load page class "
                            + candidate.getBeanClassName() + ": " + e, e);
                }
            }
        }
        return found;
    }
}
