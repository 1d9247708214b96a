package io.cspwebsocket.tck.springboot;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.jboss.arquillian.container.spi.client.container.DeploymentException;
import org.jboss.shrinkwrap.api.Archive;
import org.jboss.shrinkwrap.api.exporter.ExplodedExporter;

/**
 * A TCK archive exploded into a temporary directory, read as a Spring Boot application needs it:
 * the classes of {@code WEB-INF/classes}, the jars of {@code WEB-INF/lib}, the package of the
 * classes, and the context parameters of {@code web.xml}. Parts of a WAR that Boot has no
 * equivalent for fail the deployment, naming them, instead of being ignored.
 */
final class ExplodedWar implements AutoCloseable {

    private final Path root;

    private ExplodedWar(Path root) {
        this.root = root;
    }

    /**
     * @param archive the archive Arquillian deploys
     * @return it, exploded
     * @throws DeploymentException if it holds what a Spring Boot application cannot honour
     */
    static ExplodedWar explode(Archive<?> archive) throws DeploymentException {
        Path parent;
        try {
            parent = Files.createTempDirectory("csp-tck-boot-");
        } catch (IOException e) {
            throw new DeploymentException("cannot create a directory for " + archive.getName(), e);
        }
        ExplodedWar war = new ExplodedWar(archive.as(ExplodedExporter.class).exportExploded(parent.toFile()).toPath());
        try {
            war.requireNothingBootIgnores();
        } catch (DeploymentException e) {
            war.close();
            throw e;
        }
        return war;
    }

    /**
     * Boot reads neither a CDI bean archive's {@code beans.xml} (it has no CDI) nor Tomcat's
     * {@code META-INF/context.xml} (a realm, a resource): deploying one would pass off an
     * application without them as the archive.
     */
    private void requireNothingBootIgnores() throws DeploymentException {
        for (String ignored : List.of("WEB-INF/beans.xml", "META-INF/beans.xml", "META-INF/context.xml")) {
            if (Files.exists(root.resolve(ignored))) {
                throw new DeploymentException("the archive holds " + ignored + ", which a Spring Boot application never reads");
            }
        }
    }

    /** @return {@code WEB-INF/classes} */
    Path classes() {
        return root.resolve("WEB-INF/classes");
    }

    /** @return the jars of {@code WEB-INF/lib}, sorted by name */
    List<Path> libraries() throws DeploymentException {
        Path lib = root.resolve("WEB-INF/lib");
        if (!Files.isDirectory(lib)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(lib)) {
            return files.filter(p -> p.getFileName().toString().endsWith(".jar")).sorted().toList();
        } catch (IOException e) {
            throw new DeploymentException("cannot list " + lib, e);
        }
    }

    /** @return the context parameters of {@code WEB-INF/web.xml}, empty without one */
    Map<String, String> contextParameters() throws DeploymentException {
        return WebXmlContextParameters.read(root.resolve("WEB-INF/web.xml"));
    }

    /**
     * @return the longest package that holds every class of {@code WEB-INF/classes}, sub-packages
     *         included: what the application scans for pages and servlets
     * @throws DeploymentException if there are no classes, or some are in the default package
     */
    String classesPackage() throws DeploymentException {
        Path classes = classes();
        List<String> packages;
        try (Stream<Path> files = Files.walk(classes)) {
            packages = files.filter(p -> p.getFileName().toString().endsWith(".class"))
                    .map(p -> classes.relativize(p.getParent()).toString().replace(classes.getFileSystem().getSeparator(), "."))
                    .distinct().toList();
        } catch (IOException | UncheckedIOException e) {
            throw new DeploymentException("cannot list " + classes, e);
        }
        if (packages.isEmpty() || packages.contains("")) {
            throw new DeploymentException("WEB-INF/classes must hold classes, none in the default package: " + packages);
        }
        String common = packages.get(0);
        for (String name : packages) {
            while (!(name.equals(common) || name.startsWith(common + "."))) {
                int dot = common.lastIndexOf('.');
                if (dot < 0) {
                    throw new DeploymentException("the classes of WEB-INF/classes share no package: " + packages);
                }
                common = common.substring(0, dot);
            }
        }
        return common;
    }

    /** Deletes the directory (the archive's name inside a temporary directory of its own). */
    @Override
    public void close() {
        Path parent = root.getParent();
        try (Stream<Path> files = Files.walk(parent)) {
            for (Path path : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + parent, e);
        }
    }
}
