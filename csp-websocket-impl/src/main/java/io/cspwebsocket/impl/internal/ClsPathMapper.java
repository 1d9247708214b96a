package io.cspwebsocket.impl.internal;

import io.cspwebsocket.CspClass;
import io.cspwebsocket.CspWebSocket;
import java.lang.reflect.Constructor;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Maps {@code <application>/<Csp.Class.Name>.cls} paths to page classes (SPEC §1).
 *
 * <p>The map is built once from the classes found at deployment and never consults a class
 * loader afterwards: a URL can only name a registered page, so {@code /csp/user/java.lang.Runtime.cls}
 * is a 404 and no class is ever loaded because of a request (§1.4). Deployment errors (§1.3)
 * name the offending classes.
 */
public final class ClsPathMapper {

    private static final Pattern CSP_NAME = Pattern.compile("[A-Za-z0-9_$][A-Za-z0-9_.$-]*");
    private static final Pattern APPLICATION = Pattern.compile("(/[A-Za-z0-9_.~-]+)+");

    private final Map<String, PageDescriptor> byPath;

    private ClsPathMapper(Map<String, PageDescriptor> byPath) {
        this.byPath = byPath;
    }

    /**
     * Validates the classes found at deployment and maps them.
     *
     * @param candidates classes carrying {@link CspClass} (others are ignored); may be {@code null}
     * @return the mapper
     * @throws PageDeploymentException naming every class that is not a valid page, and every
     *         pair of pages that claim one path
     */
    public static ClsPathMapper of(Collection<Class<?>> candidates) {
        return of(candidates, true);
    }

    /**
     * Validates the classes found at deployment and maps them.
     *
     * @param candidates classes carrying {@link CspClass} (others are ignored); may be {@code null}
     * @param noArgConstructorRequired {@code false} when a {@link io.cspwebsocket.impl.CspPageFactory}
     *        creates the pages, so the page's own constructors are its business
     * @return the mapper
     * @throws PageDeploymentException naming every class that is not a valid page, and every
     *         pair of pages that claim one path
     */
    public static ClsPathMapper of(Collection<Class<?>> candidates, boolean noArgConstructorRequired) {
        List<String> errors = new ArrayList<>();
        Map<String, PageDescriptor> byPath = new LinkedHashMap<>();
        List<Class<?>> sorted = new ArrayList<>(candidates == null ? List.of() : candidates);
        sorted.sort(Comparator.comparing(Class::getName)); // stable error messages and mapping order
        for (Class<?> candidate : sorted) {
            CspClass annotation = candidate.getAnnotation(CspClass.class);
            if (annotation == null) {
                continue; // e.g. a subclass of a page: @CspClass is not inherited
            }
            PageDescriptor page = describe(candidate, annotation, noArgConstructorRequired, errors);
            if (page == null) {
                continue;
            }
            PageDescriptor previous = byPath.putIfAbsent(page.path(), page);
            if (previous != null) {
                errors.add("pages " + previous.pageClass().getName() + " and " + candidate.getName()
                        + " are both mapped to " + page.path());
            }
        }
        if (!errors.isEmpty()) {
            throw new PageDeploymentException(errors);
        }
        return new ClsPathMapper(Map.copyOf(byPath));
    }

    /**
     * Finds the page for a path inside the web application.
     *
     * @param path e.g. {@code /csp/user/MyApp.Echo.cls}
     * @return the page, or empty (a 404)
     */
    public Optional<PageDescriptor> find(String path) {
        return Optional.ofNullable(byPath.get(path));
    }

    /** @return every mapped page */
    public Collection<PageDescriptor> pages() {
        return byPath.values();
    }

    /** @return whether no page is mapped */
    public boolean isEmpty() {
        return byPath.isEmpty();
    }

    private static PageDescriptor describe(Class<?> candidate, CspClass annotation, boolean noArgConstructorRequired,
                                           List<String> errors) {
        String name = candidate.getName();
        if (!CspWebSocket.class.isAssignableFrom(candidate)) {
            errors.add(name + " is annotated @CspClass but does not extend " + CspWebSocket.class.getName());
            return null;
        }
        if (Modifier.isAbstract(candidate.getModifiers()) || candidate.isInterface()) {
            errors.add(name + " is annotated @CspClass but is abstract");
            return null;
        }
        if (candidate.getEnclosingClass() != null && !Modifier.isStatic(candidate.getModifiers())) {
            errors.add(name + " is annotated @CspClass but is an inner (non-static) class");
            return null;
        }
        @SuppressWarnings("unchecked")
        Class<? extends CspWebSocket> pageClass = (Class<? extends CspWebSocket>) candidate;
        Constructor<? extends CspWebSocket> constructor = null;
        try {
            constructor = pageClass.getConstructor();
        } catch (NoSuchMethodException e) {
            if (noArgConstructorRequired) {
                errors.add(name + " is annotated @CspClass but has no public no-argument constructor");
                return null;
            }
        }
        if (!Modifier.isPublic(candidate.getModifiers())) {
            errors.add(name + " is annotated @CspClass but is not public");
            return null;
        }
        String cspName = annotation.value().isEmpty() ? name : annotation.value();
        if (!CSP_NAME.matcher(cspName).matches()) {
            errors.add(name + ": @CspClass value '" + cspName
                    + "' is not a CSP class name (letters, digits, '.', '_', '$', '-')");
            return null;
        }
        String application = annotation.application();
        if (application.endsWith("/") && application.length() > 1) {
            application = application.substring(0, application.length() - 1);
        }
        if (!APPLICATION.matcher(application).matches() || application.matches(".*/\\.{1,2}(/.*)?")) {
            errors.add(name + ": @CspClass application '" + annotation.application()
                    + "' is not a path such as /csp/user (no . or .. segments)");
            return null;
        }
        List<String> subprotocols = List.copyOf(Arrays.asList(annotation.subprotocols()));
        return new PageDescriptor(pageClass, cspName, application, annotation.useSession(), subprotocols,
                overridesClientMessage(pageClass), List.of(annotation.allowedOrigins()), constructor);
    }

    /** Whether some class between the page and {@code CspWebSocket} declares {@code onClientMessage}. */
    private static boolean overridesClientMessage(Class<?> pageClass) {
        for (Class<?> c = pageClass; c != null && c != CspWebSocket.class; c = c.getSuperclass()) {
            for (var method : c.getDeclaredMethods()) {
                if (method.getName().equals("onClientMessage") && method.getParameterCount() == 2
                        && method.getParameterTypes()[1] == int.class && !method.isBridge()) {
                    return true;
                }
            }
        }
        return false;
    }
}
