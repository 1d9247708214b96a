package io.cspwebsocket.test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cspwebsocket.CspWebSocket;
import io.cspwebsocket.impl.CspPageFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.module.Configuration;
import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleFinder;
import java.lang.module.ModuleReader;
import java.lang.module.ModuleReference;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.spi.ToolProvider;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The runtime and the test kit as named modules, as a modular application's tests use them: page
 * modules are compiled against the built jars (or classes) of the API, the runtime and the kit and
 * run in a module layer of their own, with JUnit's API and nothing of Jakarta. The kit's other tests
 * run on the class path, as most users' do; this one is what the descriptors change.
 */
class ModulePathTest {

    private static final String SERVLET_INITIALIZER = "jakarta.servlet.ServletContainerInitializer";

    /** A page module as a test module would declare it: the page package exported to the kit only. */
    private static final Map<String, String> PAGES = Map.of(
            "demo.pages/module-info.java", """
                    module demo.pages {
                        requires io.cspwebsocket.test;
                        exports demo.pages to io.cspwebsocket.test;
                        exports demo.check;
                    }
                    """,
            "demo.pages/demo/pages/Echo.java", """
                    package demo.pages;

                    import io.cspwebsocket.CspClass;
                    import io.cspwebsocket.CspStatus;
                    import io.cspwebsocket.CspWebSocket;
                    import io.cspwebsocket.ReadResult;

                    @CspClass("Demo.Echo")
                    public class Echo extends CspWebSocket {
                        @Override
                        protected CspStatus server() {
                            write(getUserPrincipal().getName() + " admin=" + isUserInRole("admin")
                                    + " listed=" + openIds(Echo.class).contains(getWebSocketId()));
                            for (ReadResult r = read(); !r.status().isClosed(); r = read()) {
                                write(r.data());
                            }
                            return CspStatus.OK;
                        }
                    }
                    """,
            "demo.pages/demo/check/Check.java", """
                    package demo.check;

                    import demo.pages.Echo;
                    import io.cspwebsocket.test.CspTestRuntime;
                    import io.cspwebsocket.test.PageClient;

                    public final class Check {
                        public static String echo() {
                            try (CspTestRuntime runtime = CspTestRuntime.start(Echo.class)) {
                                PageClient client = runtime.open(Echo.class).user("ann", "admin").connect();
                                String greeting = client.receiveText();
                                client.sendText("hello");
                                String echo = client.receiveText();
                                client.close(1000, "bye");
                                client.awaitPostServer();
                                return greeting + " | " + echo + " | " + client.awaitClose().code();
                            }
                        }
                    }
                    """);

    /** A page module that exports its page package to no one. */
    private static final Map<String, String> HIDDEN = Map.of(
            "demo.hidden/module-info.java", """
                    module demo.hidden {
                        requires io.cspwebsocket.test;
                        exports demo.hidden.check;
                    }
                    """,
            "demo.hidden/demo/hidden/Hidden.java", """
                    package demo.hidden;

                    import io.cspwebsocket.CspClass;
                    import io.cspwebsocket.CspStatus;
                    import io.cspwebsocket.CspWebSocket;

                    @CspClass("Demo.Hidden")
                    public class Hidden extends CspWebSocket {
                        @Override
                        protected CspStatus server() {
                            return CspStatus.OK;
                        }
                    }
                    """,
            "demo.hidden/demo/hidden/check/Check.java", """
                    package demo.hidden.check;

                    import demo.hidden.Hidden;
                    import io.cspwebsocket.test.CspTestRuntime;

                    public final class Check {
                        public static int handshake() {
                            try (CspTestRuntime runtime = CspTestRuntime.start(Hidden.class)) {
                                return runtime.open(Hidden.class).handshake().status();
                            }
                        }
                    }
                    """);

    /** A page module as an application served by the runtime itself declares it. */
    private static final Map<String, String> SERVED = Map.of(
            "demo.served/module-info.java", """
                    module demo.served {
                        requires io.cspwebsocket;
                        exports demo.served to io.cspwebsocket.impl;
                    }
                    """,
            "demo.served/demo/served/Served.java", """
                    package demo.served;

                    import io.cspwebsocket.CspClass;
                    import io.cspwebsocket.CspStatus;
                    import io.cspwebsocket.CspWebSocket;

                    @CspClass("Demo.Served")
                    public class Served extends CspWebSocket {
                        @Override
                        protected CspStatus server() {
                            return CspStatus.OK;
                        }
                    }
                    """);

    private static ModuleLayer layer;

    @BeforeAll
    static void compileThePageModulesAndDefineTheirLayer(@TempDir Path work) throws IOException {
        Map<String, String> sources = new HashMap<>(PAGES);
        sources.putAll(HIDDEN);
        sources.putAll(SERVED);
        for (Map.Entry<String, String> source : sources.entrySet()) {
            Path file = work.resolve("src").resolve(source.getKey());
            Files.createDirectories(file.getParent());
            Files.writeString(file, source.getValue());
        }
        Path classes = work.resolve("out");
        String modulePath = libraryModules().stream().map(Path::toString).collect(Collectors.joining(java.io.File.pathSeparator));
        ToolProvider javac = ToolProvider.findFirst("javac").orElseThrow(() -> new AssertionError("no javac in this JDK"));
        StringWriter errors = new StringWriter();
        int result = javac.run(new PrintWriter(errors), new PrintWriter(errors), "-d", classes.toString(),
                "--module-path", modulePath, "--module-source-path", work.resolve("src").toString(),
                "-m", "demo.pages,demo.hidden,demo.served");
        assertEquals(0, result, "javac of the page modules against the library's modules, without Jakarta:\n" + errors);

        Path[] paths = Stream.concat(Stream.of(classes.resolve("demo.pages"), classes.resolve("demo.hidden"),
                classes.resolve("demo.served")), libraryModules().stream()).toArray(Path[]::new);
        Configuration configuration = ModuleLayer.boot().configuration()
                .resolve(ModuleFinder.of(paths), ModuleFinder.of(), Set.of("demo.pages", "demo.hidden", "demo.served"));
        // The platform loader as parent: nothing of this test's class path (the same library, unnamed) leaks in.
        ModuleLayer.Controller controller = ModuleLayer.defineModulesWithOneLoader(configuration,
                List.of(ModuleLayer.boot()), ClassLoader.getPlatformClassLoader());
        layer = controller.layer();
        // Only for theRuntimeCreatesPagesOfPackagesExportedToIt, which calls the core's page creation directly.
        controller.addExports(layer.findModule("io.cspwebsocket.impl").orElseThrow(), "io.cspwebsocket.impl.internal",
                ModulePathTest.class.getModule());
    }

    @Test
    void theRuntimeExportsItsApiAndItsCoreToTheKitAloneAndNeedsNoJakartaToResolve() throws IOException {
        ModuleReference runtime = module(implPath(), "io.cspwebsocket.impl");
        ModuleDescriptor descriptor = runtime.descriptor();
        assertFalse(descriptor.isAutomatic(), "io.cspwebsocket.impl has a descriptor");
        assertEquals(Set.of("io.cspwebsocket.impl"), unqualifiedExports(descriptor));
        assertEquals(Map.of("io.cspwebsocket.impl.internal", Set.of("io.cspwebsocket.test")), qualifiedExports(descriptor));
        assertEquals(Set.of("io.cspwebsocket.spi.CspClusterProvider"), descriptor.uses());
        for (String jakarta : List.of("jakarta.servlet", "jakarta.websocket", "jakarta.cdi")) {
            assertTrue(descriptor.requires().stream().anyMatch(r -> r.name().equals(jakarta)
                    && r.modifiers().contains(ModuleDescriptor.Requires.Modifier.STATIC)), jakarta + " is requires static");
        }
        // Every service of META-INF/services is declared, but the servlet initializer: providing a service of an
        // absent 'requires static' module fails resolution on Java 17, and the kit runs without jakarta.servlet.
        Map<String, List<String>> declared = descriptor.provides().stream()
                .collect(Collectors.toMap(ModuleDescriptor.Provides::service, ModuleDescriptor.Provides::providers));
        Map<String, List<String>> files = servicesFiles(runtime);
        assertEquals(Set.of(SERVLET_INITIALIZER, "io.cspwebsocket.spi.CspRuntime"), files.keySet());
        files.remove(SERVLET_INITIALIZER);
        assertEquals(files, declared);
    }

    @Test
    void theKitExportsItsApiOnly() {
        ModuleDescriptor descriptor = module(kitPath(), "io.cspwebsocket.test").descriptor();
        assertFalse(descriptor.isAutomatic(), "io.cspwebsocket.test has a descriptor");
        assertEquals(Set.of("io.cspwebsocket.test"), unqualifiedExports(descriptor));
        assertEquals(Map.of(), qualifiedExports(descriptor));
        assertTrue(descriptor.requires().stream().noneMatch(r -> r.name().startsWith("jakarta.")));
    }

    @Test
    void aPageModuleRunsOnTheKitWithNoJakartaModuleOrClass() throws Exception {
        assertTrue(layer.modules().stream().noneMatch(m -> m.getName().startsWith("jakarta.")), layer.modules().toString());
        ClassLoader loader = layer.findLoader("demo.pages");
        assertThrows(ClassNotFoundException.class, () -> loader.loadClass(SERVLET_INITIALIZER));

        // The user's principal and roles, openIds through the API's service look-up, the echo and the close.
        assertEquals("ann admin=true listed=true | hello | 1000", call("demo.pages", "demo.check.Check", "echo"));
        assertTrue(loader.loadClass("demo.pages.Echo").getModule().isNamed());
    }

    @Test
    void aPagePackageNotExportedToTheKitCannotBeCreated() throws Exception {
        Module hidden = layer.findModule("demo.hidden").orElseThrow();
        assertFalse(hidden.isExported("demo.hidden", layer.findModule("io.cspwebsocket.test").orElseThrow()));
        // The kit creates pages as a container without CDI does; IllegalAccessException makes that a 500.
        assertEquals(500, call("demo.hidden", "demo.hidden.check.Check", "handshake"));
    }

    @Test
    void theRuntimeCreatesPagesOfPackagesExportedToIt() throws Exception {
        assertEquals("demo.served.Served", newPage("demo.served", "demo.served.Served").getClass().getName());
        InvocationTargetException refused = assertThrows(InvocationTargetException.class,
                () -> newPage("demo.hidden", "demo.hidden.Hidden"));
        assertTrue(refused.getCause().getCause() instanceof IllegalAccessException, String.valueOf(refused.getCause()));
        assertTrue(refused.getCause().getCause().getMessage().contains("does not export demo.hidden to module io.cspwebsocket.impl"),
                refused.getCause().getCause().getMessage());
    }

    /** Creates a page as the runtime does when no factory does: the core's own no-argument constructor call. */
    private static Object newPage(String module, String pageClass) throws Exception {
        ClassLoader loader = layer.findLoader(module);
        Class<?> mapperClass = loader.loadClass("io.cspwebsocket.impl.internal.ClsPathMapper");
        Object mapper = mapperClass.getMethod("of", Collection.class).invoke(null, List.of(loader.loadClass(pageClass)));
        Object descriptor = ((Collection<?>) mapperClass.getMethod("pages").invoke(mapper)).iterator().next();
        Method newPage = descriptor.getClass().getMethod("newPage");
        return newPage.invoke(descriptor);
    }

    /** Calls a static method of a page module with the layer's loader as the context loader, as a modular test runs. */
    private static Object call(String module, String className, String method) throws Exception {
        ClassLoader loader = layer.findLoader(module);
        Callable<Object> call = () -> loader.loadClass(className).getMethod(method).invoke(null);
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(loader);
        try {
            return call.call();
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    private static Set<String> unqualifiedExports(ModuleDescriptor descriptor) {
        return descriptor.exports().stream().filter(e -> !e.isQualified()).map(ModuleDescriptor.Exports::source)
                .collect(Collectors.toSet());
    }

    private static Map<String, Set<String>> qualifiedExports(ModuleDescriptor descriptor) {
        return descriptor.exports().stream().filter(ModuleDescriptor.Exports::isQualified)
                .collect(Collectors.toMap(ModuleDescriptor.Exports::source, ModuleDescriptor.Exports::targets));
    }

    /** The services files of a module, service to providers. */
    private static Map<String, List<String>> servicesFiles(ModuleReference module) throws IOException {
        Map<String, List<String>> files = new HashMap<>();
        try (ModuleReader reader = module.open()) {
            for (String name : reader.list().filter(n -> n.startsWith("META-INF/services/") && !n.endsWith("/"))
                    .collect(Collectors.toList())) {
                try (InputStream in = reader.open(name).orElseThrow()) {
                    List<String> providers = new String(in.readAllBytes(), StandardCharsets.UTF_8).lines()
                            .map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#")).collect(Collectors.toList());
                    files.put(name.substring("META-INF/services/".length()), providers);
                }
            }
        }
        return files;
    }

    private static ModuleReference module(Path location, String name) {
        return ModuleFinder.of(location).find(name)
                .orElseThrow(() -> new AssertionError("no module " + name + " in " + location));
    }

    /**
     * The API, the runtime, the kit, and JUnit's API with what it requires (javac wants its
     * {@code requires static transitive org.apiguardian.api} too): the module path of a modular page test.
     */
    private static List<Path> libraryModules() {
        return List.of(location(CspWebSocket.class), implPath(), kitPath(), location(Test.class),
                location(org.junit.platform.commons.support.AnnotationSupport.class),
                location(org.opentest4j.AssertionFailedError.class), location(org.apiguardian.api.API.class));
    }

    private static Path implPath() {
        return location(CspPageFactory.class);
    }

    private static Path kitPath() {
        return location(CspTestRuntime.class);
    }

    private static Path location(Class<?> type) {
        try {
            return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
