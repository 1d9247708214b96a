package io.cspwebsocket.tck.memory;

import io.cspwebsocket.CspClass;
import io.cspwebsocket.CspWebSocket;
import io.cspwebsocket.tck.pages.Board;
import io.cspwebsocket.tck.support.TckWire;
import io.cspwebsocket.test.CspTestRuntime;
import java.io.IOException;
import java.lang.reflect.Modifier;
import java.net.MalformedURLException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * One verification class's run in memory: a {@link CspTestRuntime} serving the TCK's fixture
 * pages, installed as the wire of every {@code TckClient} until the class is done.
 */
final class InMemoryRun {

    /** The deployment URL the verifications build page URIs from; only its path matters in memory. */
    static final URL ROOT;

    static {
        try {
            ROOT = new URL("http://127.0.0.1:8080/");
        } catch (MalformedURLException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private static CspTestRuntime runtime;

    private InMemoryRun() {
    }

    /** Starts the runtime with every page of the TCK's fixture package and installs its wire. */
    static void start() {
        runtime = CspTestRuntime.builder().pages(fixturePages().toArray(Class<?>[]::new)).start();
        TckWire.install(new InMemoryTckWire(runtime));
    }

    /** Uninstalls the wire and shuts the runtime down (a page thread left behind fails the class). */
    static void stop() {
        TckWire.uninstall();
        if (runtime != null) {
            CspTestRuntime stopping = runtime;
            runtime = null;
            stopping.shutdown();
        }
    }

    /** The public {@code @CspClass} pages of {@code io.cspwebsocket.tck.pages}, as the TCK's WAR has them. */
    private static List<Class<?>> fixturePages() {
        String packageName = Board.class.getPackageName();
        String folder = packageName.replace('.', '/') + "/";
        List<Class<?>> pages = new ArrayList<>();
        try {
            for (String name : classFilesIn(Path.of(Board.class.getProtectionDomain().getCodeSource().getLocation().toURI()),
                    folder)) {
                Class<?> type;
                try {
                    type = Class.forName(packageName + "." + name.substring(0, name.length() - ".class".length()),
                            false, Board.class.getClassLoader());
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
