package io.cspwebsocket.bench;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One server configuration: a JDK and whether the library may use virtual threads on it.
 *
 * @param name the name given in {@code --jdks}, e.g. {@code 25} or {@code 25-platform}
 * @param javaHome the JDK's home
 * @param version its {@code JAVA_VERSION}, e.g. {@code 25.0.3}
 * @param feature its feature version
 * @param platformThreadsForced whether {@code io.cspwebsocket.virtualThreads=false} is set
 */
record ServerJdk(String name, Path javaHome, String version, int feature, boolean platformThreadsForced) {

    private static final Pattern VERSION = Pattern.compile("^JAVA_VERSION=\"([^\"]+)\"", Pattern.MULTILINE);

    /** @return whether pages run on virtual threads in this configuration */
    boolean virtualThreads() {
        return feature >= 21 && !platformThreadsForced;
    }

    /** @return the label used in the report, e.g. {@code JDK 25.0.3 (virtual threads)} */
    String label() {
        return "JDK " + version + (virtualThreads() ? " (virtual threads)" : " (platform threads)");
    }

    /** @return the short label of the table's Server column */
    String shortLabel() {
        return feature + (virtualThreads() ? " vt" : " pt");
    }

    /** @return the java launcher */
    Path java() {
        return javaHome.resolve("bin").resolve("java");
    }

    /**
     * Finds the JDK for a {@code --jdks} name.
     *
     * @param name e.g. {@code 25}, {@code 17} or {@code 25-platform}
     * @param explicitHome the home given with {@code --jdk.NN}, or {@code null}
     * @return the configuration, or empty if no such JDK is installed
     */
    static Optional<ServerJdk> find(String name, String explicitHome) {
        boolean platform = name.endsWith("-platform");
        int feature = Integer.parseInt(platform ? name.substring(0, name.length() - "-platform".length()) : name);
        List<Path> candidates = new ArrayList<>();
        if (explicitHome != null) {
            candidates.add(Path.of(explicitHome));
        } else {
            candidates.add(Path.of(System.getProperty("java.home")));
            String javaHome = System.getenv("JAVA_HOME");
            if (javaHome != null && !javaHome.isBlank()) {
                candidates.add(Path.of(javaHome));
            }
            Path jvms = Path.of("/usr/lib/jvm");
            if (Files.isDirectory(jvms)) {
                try (DirectoryStream<Path> homes = Files.newDirectoryStream(jvms)) {
                    List<Path> sorted = new ArrayList<>();
                    homes.forEach(sorted::add);
                    sorted.sort(null);
                    candidates.addAll(sorted);
                } catch (IOException e) {
                    // no candidates from there
                }
            }
        }
        Set<Path> seen = new LinkedHashSet<>();
        for (Path candidate : candidates) {
            Path home;
            try {
                home = candidate.toRealPath();
            } catch (IOException e) {
                continue;
            }
            if (!seen.add(home) || !Files.isExecutable(home.resolve("bin").resolve("java"))) {
                continue;
            }
            String version = version(home);
            if (version != null && feature(version) == feature) {
                return Optional.of(new ServerJdk(name, home, version, feature, platform));
            }
        }
        return Optional.empty();
    }

    private static String version(Path home) {
        try {
            Matcher m = VERSION.matcher(Files.readString(home.resolve("release")));
            return m.find() ? m.group(1) : null;
        } catch (IOException e) {
            return null;
        }
    }

    private static int feature(String version) {
        String first = version.split("[.+\\-_]")[0];
        try {
            int n = Integer.parseInt(first);
            return n == 1 ? Integer.parseInt(version.split("\\.")[1]) : n; // 1.8.0 style
        } catch (NumberFormatException | ArrayIndexOutOfBoundsException e) {
            return -1;
        }
    }
}
