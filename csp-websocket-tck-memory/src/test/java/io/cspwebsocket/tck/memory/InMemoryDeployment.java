package io.cspwebsocket.tck.memory;

import io.cspwebsocket.CspClass;
import io.cspwebsocket.CspWebSocket;
import io.cspwebsocket.tck.pages.Board;
import io.cspwebsocket.test.CspTestRuntime;
import io.cspwebsocket.test.PageRequest;
import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * One of the TCK's WARs, deployed in memory: the fixture pages of its own {@link DeploymentLoader}
 * served by a {@link CspTestRuntime} with the WAR's context parameters, and its servlets' logic
 * ({@code ProbeOperations} at {@code tck/probe}, {@code SharedModeOperations} at
 * {@code tck/shared}) called directly, in that loader. Its read timeouts follow real time, as on a
 * container ({@link WallClockDriver}).
 */
final class InMemoryDeployment {

    /** The servlets' logic by servlet path, as the WAR's {@code @WebServlet}s map it. */
    private static final Map<String, String> SERVLETS = Map.of(
            "tck/probe", DeploymentLoader.FIXTURES + "ProbeOperations",
            "tck/shared", DeploymentLoader.FIXTURES + "SharedModeOperations");

    private final String name;
    private final Map<String, String> contextParams;
    private final DeploymentLoader loader;
    private final CspTestRuntime runtime;
    private final WallClockDriver clock;

    private InMemoryDeployment(String name, Map<String, String> contextParams, DeploymentLoader loader,
                               CspTestRuntime runtime) {
        this.name = name;
        this.contextParams = contextParams;
        this.loader = loader;
        this.runtime = runtime;
        this.clock = WallClockDriver.start(runtime.clock(), name);
    }

    /**
     * Deploys a WAR of the TCK: its own loader, its pages, its context parameters.
     *
     * @param name the archive name (the context path)
     * @param contextParams the {@code web.xml} context parameters of the WAR
     * @return the running deployment
     */
    static InMemoryDeployment deploy(String name, Map<String, String> contextParams) {
        URL fixtures = Board.class.getProtectionDomain().getCodeSource().getLocation();
        DeploymentLoader loader = new DeploymentLoader(name, fixtures, InMemoryDeployment.class.getClassLoader());
        CspTestRuntime.Builder builder = CspTestRuntime.builder().pages(fixturePages(loader, fixtures).toArray(Class<?>[]::new));
        contextParams.forEach(builder::initParameter);
        // The application's class loader, as a container sets it while it deploys a WAR.
        CspTestRuntime runtime = inLoader(loader, builder::start);
        return new InMemoryDeployment(name, Map.copyOf(contextParams), loader, runtime);
    }

    /** @return the archive name */
    String name() {
        return name;
    }

    /** @return the class loader of the WAR: requests run with it as their context class loader */
    ClassLoader loader() {
        return loader;
    }

    /**
     * @param pathAndQuery the path inside the application, with its query
     * @return a handshake to it
     */
    PageRequest request(String pathAndQuery) {
        return runtime.request(pathAndQuery);
    }

    /**
     * Answers a request to one of the WAR's TCK servlets, on this thread.
     *
     * @param servletPath the path inside the application, e.g. {@code tck/probe}
     * @param parameters the request's parameters
     * @return the answer, or {@code null} for "not there" (404)
     * @throws AssertionError for a request the servlet refuses (400)
     */
    String call(String servletPath, Map<String, String> parameters) {
        String operations = SERVLETS.get(servletPath);
        if (operations == null) {
            return null;
        }
        return inLoader(loader, () -> {
            try {
                Class<?> type = loader.loadClass(operations);
                if (type.getSimpleName().equals("ProbeOperations")) {
                    Method answer = type.getMethod("answer", UnaryOperator.class, UnaryOperator.class);
                    return (String) answer.invoke(null, (UnaryOperator<String>) parameters::get,
                            (UnaryOperator<String>) contextParams::get);
                }
                Method answer = type.getMethod("answer", UnaryOperator.class);
                return (String) answer.invoke(null, (UnaryOperator<String>) parameters::get);
            } catch (InvocationTargetException e) {
                if (e.getCause() instanceof IllegalArgumentException refused) {
                    throw new AssertionError(name + "/" + servletPath + " answered HTTP 400 to " + parameters + ": "
                            + refused.getMessage(), refused);
                }
                throw new AssertionError(name + "/" + servletPath + " failed: " + e.getCause(), e.getCause());
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("cannot call " + operations + " of " + name + ": " + e, e);
            }
        });
    }

    /**
     * Undeploys: the runtime stops as an undeploy stops an application (SPEC §10).
     *
     * @throws AssertionError if page threads were still running after the shutdown timeout
     */
    void undeploy() {
        // The loader stays open, as a server leaves a stopped WAR's loader to the garbage collector:
        // a page thread abandoned at the shutdown timeout may still load a class on its way out.
        try {
            runtime.shutdown();
        } finally {
            clock.stop();
        }
    }

    private static <T> T inLoader(ClassLoader loader, java.util.function.Supplier<T> work) {
        Thread thread = Thread.currentThread();
        ClassLoader before = thread.getContextClassLoader();
        thread.setContextClassLoader(loader);
        try {
            return work.get();
        } finally {
            thread.setContextClassLoader(before);
        }
    }

    /** The public {@code @CspClass} pages of the fixture package, loaded by the WAR's loader. */
    private static List<Class<?>> fixturePages(ClassLoader loader, URL fixtures) {
        String folder = DeploymentLoader.FIXTURES.replace('.', '/');
        List<Class<?>> pages = new ArrayList<>();
        try {
            for (String file : classFilesIn(Path.of(fixtures.toURI()), folder)) {
                Class<?> type;
                try {
                    type = Class.forName(DeploymentLoader.FIXTURES + file.substring(0, file.length() - ".class".length()),
                            false, loader);
                } catch (LinkageError servletOrFilter) {
                    continue; // the WAR's servlets and filters: no servlet API here, and no page either
                }
                if (type.isAnnotationPresent(CspClass.class) && CspWebSocket.class.isAssignableFrom(type)
                        && Modifier.isPublic(type.getModifiers()) && !Modifier.isAbstract(type.getModifiers())) {
                    pages.add(type);
                }
            }
        } catch (URISyntaxException | IOException | ClassNotFoundException e) {
            throw new IllegalStateException("cannot list the TCK's fixture pages: " + e, e);
        }
        return pages;
    }

    /** The names of the top-level class files in a folder of a class-path entry (a directory, or the TCK's jar). */
    private static List<String> classFilesIn(Path entry, String folder) throws IOException {
        List<String> names = new ArrayList<>();
        if (Files.isDirectory(entry)) {
            try (Stream<Path> files = Files.list(entry.resolve(folder))) {
                files.map(file -> file.getFileName().toString()).forEach(names::add);
            }
        } else {
            try (JarFile jar = new JarFile(entry.toFile())) {
                jar.stream().map(JarEntry::getName)
                        .filter(name -> name.startsWith(folder) && name.indexOf('/', folder.length()) < 0)
                        .map(name -> name.substring(folder.length())).forEach(names::add);
            }
        }
        names.removeIf(name -> !name.endsWith(".class") || name.contains("$"));
        return names;
    }
}
