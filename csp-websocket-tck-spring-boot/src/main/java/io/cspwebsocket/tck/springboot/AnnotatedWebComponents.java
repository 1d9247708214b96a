package io.cspwebsocket.tck.springboot;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterRegistration;
import jakarta.servlet.Servlet;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletRegistration;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.annotation.WebInitParam;
import jakarta.servlet.annotation.WebListener;
import jakarta.servlet.annotation.WebServlet;
import java.util.EventListener;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.boot.web.servlet.ServletContextInitializer;
import org.springframework.context.annotation.ClassPathScanningCandidateComponentProvider;
import org.springframework.core.io.ResourceLoader;
import org.springframework.core.type.filter.AnnotationTypeFilter;
import org.springframework.util.ClassUtils;

/**
 * Registers the archive's {@link WebServlet}, {@link WebFilter} and {@link WebListener} classes
 * with the servlet context, as a servlet container does for a WAR (and as Boot's
 * {@code @ServletComponentScan} does, whose package differs between Boot 3 and 4; this class runs
 * unchanged on both). Filters are mapped after those added by initializers with
 * {@code isMatchAfter = false} (the library's own), as a WAR's annotated filters are.
 */
final class AnnotatedWebComponents implements ServletContextInitializer {

    private final String basePackage;
    private final ResourceLoader resourceLoader;

    /**
     * @param basePackage the package to scan, sub-packages included
     * @param resourceLoader the application's resource loader, and so its class loader
     */
    AnnotatedWebComponents(String basePackage, ResourceLoader resourceLoader) {
        this.basePackage = basePackage;
        this.resourceLoader = resourceLoader;
    }

    @Override
    public void onStartup(ServletContext context) {
        ClassPathScanningCandidateComponentProvider scanner = new ClassPathScanningCandidateComponentProvider(false);
        scanner.setResourceLoader(resourceLoader);
        scanner.addIncludeFilter(new AnnotationTypeFilter(WebServlet.class));
        scanner.addIncludeFilter(new AnnotationTypeFilter(WebFilter.class));
        scanner.addIncludeFilter(new AnnotationTypeFilter(WebListener.class));
        for (BeanDefinition candidate : scanner.findCandidateComponents(basePackage)) {
            Class<?> type = ClassUtils.resolveClassName(candidate.getBeanClassName(), resourceLoader.getClassLoader());
            if (type.isAnnotationPresent(WebServlet.class)) {
                addServlet(context, type.asSubclass(Servlet.class), type.getAnnotation(WebServlet.class));
            }
            if (type.isAnnotationPresent(WebFilter.class)) {
                addFilter(context, type.asSubclass(Filter.class), type.getAnnotation(WebFilter.class));
            }
            if (type.isAnnotationPresent(WebListener.class)) {
                context.addListener(type.asSubclass(EventListener.class));
            }
        }
    }

    private static void addServlet(ServletContext context, Class<? extends Servlet> type, WebServlet annotation) {
        ServletRegistration.Dynamic servlet = context.addServlet(nameOf(annotation.name(), type), type);
        servlet.addMapping(patterns(annotation.value(), annotation.urlPatterns()));
        servlet.setAsyncSupported(annotation.asyncSupported());
        servlet.setLoadOnStartup(annotation.loadOnStartup());
        servlet.setInitParameters(parameters(annotation.initParams()));
    }

    private static void addFilter(ServletContext context, Class<? extends Filter> type, WebFilter annotation) {
        FilterRegistration.Dynamic filter = context.addFilter(nameOf(annotation.filterName(), type), type);
        filter.setAsyncSupported(annotation.asyncSupported());
        filter.setInitParameters(parameters(annotation.initParams()));
        EnumSet<DispatcherType> dispatchers = EnumSet.noneOf(DispatcherType.class);
        dispatchers.addAll(List.of(annotation.dispatcherTypes()));
        String[] patterns = patterns(annotation.value(), annotation.urlPatterns());
        if (patterns.length > 0) {
            filter.addMappingForUrlPatterns(dispatchers, true, patterns);
        }
        if (annotation.servletNames().length > 0) {
            filter.addMappingForServletNames(dispatchers, true, annotation.servletNames());
        }
    }

    /** A servlet's or filter's default name is its class name (Servlet 6.0, §8.1). */
    private static String nameOf(String declared, Class<?> type) {
        return declared.isEmpty() ? type.getName() : declared;
    }

    /** {@code value} and {@code urlPatterns} are aliases: one of them is set. */
    private static String[] patterns(String[] value, String[] urlPatterns) {
        return value.length > 0 ? value : urlPatterns;
    }

    private static Map<String, String> parameters(WebInitParam[] declared) {
        Map<String, String> parameters = new LinkedHashMap<>();
        for (WebInitParam parameter : declared) {
            parameters.put(parameter.name(), parameter.value());
        }
        return parameters;
    }
}
