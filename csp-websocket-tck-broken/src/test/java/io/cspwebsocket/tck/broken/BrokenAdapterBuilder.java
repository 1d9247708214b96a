package io.cspwebsocket.tck.broken;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

/**
 * Builds one adapter jar per {@link BrokenAdapters.Defect}: copies the adapter's sources and
 * resources, makes the defect's one change, compiles against the Jakarta APIs and
 * csp-websocket-api, as the adapter's own build does, and writes {@code <out>/<name>/lib/} with the broken
 * {@code csp-websocket-impl-broken.jar} beside the real csp-websocket-api jar, a directory the TCK
 * deploys from ({@code io.cspwebsocket.tck.libDir}).
 *
 * <p>Run by the build before the integration tests:
 * {@code BrokenAdapterBuilder <adapter sources> <adapter resources> <api jar> <API class path> <out>}.
 */
public final class BrokenAdapterBuilder {

    private BrokenAdapterBuilder() {
    }

    /**
     * @param args adapter source root, adapter resource root, the api jar, the output directory
     * @throws IOException if a file cannot be read or written
     */
    public static void main(String[] args) throws IOException {
        if (args.length != 5) {
            throw new IllegalArgumentException(
                    "usage: BrokenAdapterBuilder <sources> <resources> <api jar> <API class path> <out>");
        }
        Path sources = Path.of(args[0]);
        Path resources = Path.of(args[1]);
        Path apiJar = Path.of(args[2]);
        String classPath = args[3] + java.io.File.pathSeparator + apiJar;
        Path out = Path.of(args[4]);
        for (BrokenAdapters.Defect defect : BrokenAdapters.ALL) {
            build(defect, sources, resources, apiJar, classPath, out.resolve(defect.name()));
            System.out.println("broken adapter " + defect.name() + ": " + defect.what());
        }
    }

    private static void build(BrokenAdapters.Defect defect, Path sources, Path resources, Path apiJar, String classPath,
                              Path dir) throws IOException {
        Path src = dir.resolve("src");
        Path classes = dir.resolve("classes");
        Path lib = dir.resolve("lib");
        deleteRecursively(dir);
        copyTree(sources, src);
        Path changed = src.resolve(defect.file());
        String text = Files.readString(changed, StandardCharsets.UTF_8);
        int first = text.indexOf(defect.find());
        if (first < 0 || text.indexOf(defect.find(), first + 1) >= 0) {
            throw new IllegalStateException("defect " + defect.name() + ": the text to replace must occur exactly once in "
                    + defect.file() + " (the adapter changed: update BrokenAdapters)\n" + defect.find());
        }
        Files.writeString(changed, text.replace(defect.find(), defect.replace()), StandardCharsets.UTF_8);

        Files.createDirectories(classes);
        List<String> arguments = new ArrayList<>(List.of("--release", "17", "-nowarn", "-proc:none",
                "-classpath", classPath, "-d", classes.toString()));
        try (Stream<Path> files = Files.walk(src)) {
            // Without module-info.java: a broken adapter is a class-path jar in WEB-INF/lib, where the real
            // adapter's descriptor is ignored too (and it would need the API on a module path to compile).
            files.filter(p -> p.toString().endsWith(".java") && !p.getFileName().toString().equals("module-info.java"))
                    .map(Path::toString).forEach(arguments::add);
        }
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        if (javac == null || javac.run(null, null, null, arguments.toArray(String[]::new)) != 0) {
            throw new IllegalStateException("defect " + defect.name() + ": the broken adapter does not compile");
        }
        if (Files.isDirectory(resources)) {
            copyTree(resources, classes);
        }
        Files.createDirectories(lib);
        jar(classes, lib.resolve("csp-websocket-impl-broken.jar"));
        Files.copy(apiJar, lib.resolve(apiJar.getFileName()), StandardCopyOption.REPLACE_EXISTING);
    }

    private static void jar(Path classes, Path jar) throws IOException {
        try (OutputStream file = Files.newOutputStream(jar); JarOutputStream out = new JarOutputStream(file);
             Stream<Path> files = Files.walk(classes)) {
            for (Path path : (Iterable<Path>) files.filter(Files::isRegularFile).sorted()::iterator) {
                out.putNextEntry(new JarEntry(classes.relativize(path).toString().replace('\\', '/')));
                Files.copy(path, out);
                out.closeEntry();
            }
        }
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path path : (Iterable<Path>) files::iterator) {
                Path target = to.resolve(from.relativize(path).toString());
                if (Files.isDirectory(path)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(path, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path path : (Iterable<Path>) files.sorted(java.util.Comparator.reverseOrder())::iterator) {
                Files.delete(path);
            }
        }
    }
}
