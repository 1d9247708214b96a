package io.cspwebsocket;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.module.Configuration;
import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleFinder;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.spi.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The API as a named module, as an application on the module path uses it: a module that
 * {@code requires io.cspwebsocket} is compiled against the built classes and run in a module
 * layer of its own, where the API's {@code ServiceLoader} look-up of a runtime is only legal
 * because the descriptor declares it ({@code uses}); and the page-access bridge, exported to the
 * runtime alone, is out of such a module's reach.
 */
class ModuleDescriptorTest {

    private static final String APP_DESCRIPTOR = "module demo.app { requires io.cspwebsocket; exports demo; }";
    private static final String APP_PAGE = """
            package demo;

            import io.cspwebsocket.CspClass;
            import io.cspwebsocket.CspStatus;
            import io.cspwebsocket.CspWebSocket;

            @CspClass("Demo.Echo")
            public class Echo extends CspWebSocket {
                @Override
                protected CspStatus server() {
                    return CspStatus.OK;
                }

                public static String probe() {
                    return CspWebSocket.openIds(Echo.class) + " " + CspWebSocket.openServer("abc").write("x").code();
                }
            }
            """;

    /** A page that would run another page's {@code server()} through the bridge, were it visible. */
    private static final String INTRUDER = """
            package demo;

            import io.cspwebsocket.CspWebSocket;
            import io.cspwebsocket.internal.CspPageAccess;

            public class Intruder {
                public static Object run(CspWebSocket page) {
                    return CspPageAccess.get().server(page);
                }
            }
            """;

    @Test
    void exportsThePageApiAndTheSpiAndDeclaresTheRuntimeLookUp() {
        ModuleDescriptor descriptor = apiDescriptor();
        assertEquals("io.cspwebsocket", descriptor.name());
        assertEquals(Set.of("io.cspwebsocket", "io.cspwebsocket.spi"),
                descriptor.exports().stream().filter(e -> !e.isQualified()).map(ModuleDescriptor.Exports::source)
                        .collect(Collectors.toSet()));
        assertEquals(Set.of("io.cspwebsocket.impl"),
                descriptor.exports().stream().filter(e -> e.source().equals("io.cspwebsocket.internal"))
                        .findFirst().orElseThrow(() -> new AssertionError("the bridge's package is not exported at all"))
                        .targets(),
                "the page-access bridge is exported to the runtime alone");
        assertEquals(Set.of("io.cspwebsocket.spi.CspRuntime"), descriptor.uses());
        assertEquals(Set.of("java.base"),
                descriptor.requires().stream().map(ModuleDescriptor.Requires::name).collect(Collectors.toSet()),
                "the API requires nothing but the JDK");
    }

    @Test
    void aPageInANamedModuleCompilesAndRunsWithoutARuntime(@TempDir Path work) throws Exception {
        Path api = apiClasses();
        Path sources = work.resolve("src/demo.app");
        Files.createDirectories(sources.resolve("demo"));
        Files.writeString(sources.resolve("module-info.java"), APP_DESCRIPTOR);
        Files.writeString(sources.resolve("demo/Echo.java"), APP_PAGE);
        Path classes = work.resolve("out");
        // java.util.spi.ToolProvider, in java.base: the tests may run inside the API's module, which reads nothing else.
        ToolProvider javac = ToolProvider.findFirst("javac").orElseThrow(() -> new AssertionError("no javac in this JDK"));
        int result = javac.run(System.out, System.err, "-d", classes.toString(), "--module-path", api.toString(),
                "--module-source-path", work.resolve("src").toString(), "-m", "demo.app");
        assertEquals(0, result, "javac of a module that requires io.cspwebsocket");

        Configuration configuration = ModuleLayer.boot().configuration()
                .resolve(ModuleFinder.of(classes.resolve("demo.app"), api), ModuleFinder.of(), Set.of("demo.app"));
        ModuleLayer layer = ModuleLayer.boot().defineModulesWithOneLoader(configuration, ClassLoader.getPlatformClassLoader());
        Class<?> page = layer.findLoader("demo.app").loadClass("demo.Echo");
        assertTrue(page.getModule().isNamed(), "the page runs in its named module");
        // No runtime on the module path: the API answers as it does on the class path (5001), rather
        // than with the ServiceConfigurationError a missing 'uses' gives.
        assertEquals("[] 5001", page.getMethod("probe").invoke(null));
    }

    @Test
    void aPageModuleCannotReachTheBridgeToPageCallbacks(@TempDir Path work) throws Exception {
        Path sources = work.resolve("src/demo.app");
        Files.createDirectories(sources.resolve("demo"));
        Files.writeString(sources.resolve("module-info.java"), APP_DESCRIPTOR);
        Files.writeString(sources.resolve("demo/Intruder.java"), INTRUDER);
        ToolProvider javac = ToolProvider.findFirst("javac").orElseThrow(() -> new AssertionError("no javac in this JDK"));
        StringWriter errors = new StringWriter();
        int result = javac.run(new PrintWriter(new StringWriter()), new PrintWriter(errors), "-d", work.resolve("out").toString(),
                "--module-path", apiClasses().toString(), "--module-source-path", work.resolve("src").toString(), "-m", "demo.app");
        assertEquals(1, result, "javac accepted a module that calls the bridge:\n" + errors);
        assertTrue(errors.toString().contains("package io.cspwebsocket.internal is not visible"), errors.toString());
    }

    private static Path apiClasses() {
        try {
            return Path.of(CspWebSocket.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static ModuleDescriptor apiDescriptor() {
        return ModuleFinder.of(apiClasses()).find("io.cspwebsocket")
                .orElseThrow(() -> new AssertionError("no module io.cspwebsocket in " + apiClasses())).descriptor();
    }
}
