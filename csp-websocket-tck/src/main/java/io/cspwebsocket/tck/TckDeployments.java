package io.cspwebsocket.tck;

import io.cspwebsocket.tck.cdi.CdiPage;
import io.cspwebsocket.tck.pages.Board;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.jboss.shrinkwrap.api.spec.WebArchive;

/**
 * Builds the WAR every verification deploys: the fixture pages and servlets of
 * {@code io.cspwebsocket.tck.pages} in {@code WEB-INF/classes}, and the real, built
 * csp-websocket-api and csp-websocket-impl jars in {@code WEB-INF/lib}, as an application ships
 * them (SPEC §1.2). No {@code web.xml}, unless context parameters are asked for.
 *
 * <p>The jars are taken from the directory named by system property
 * {@value TckEnvironment#LIB_DIR_PROPERTY}: the build copies them there (in this project,
 * {@code maven-dependency-plugin:copy}). They must not also be on the test class path: the
 * container would then find the library's initializer twice, or in the wrong class loader.
 *
 * <p>Every WAR holds every fixture page: a container that scans its class path for
 * {@code @CspClass} then finds nothing the WAR does not also hold.
 */
public final class TckDeployments {

    /** The archive name (and so context path) of {@link #war()}. */
    public static final String DEFAULT_NAME = "csp-tck";

    /** The {@code beans.xml} of {@link #cdiWar()}: CDI 4.0, only classes with a bean-defining annotation are beans. */
    private static final String BEANS_XML = """
            <?xml version="1.0" encoding="UTF-8"?>
            <beans xmlns="https://jakarta.ee/xml/ns/jakartaee"
                   xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
                   xsi:schemaLocation="https://jakarta.ee/xml/ns/jakartaee https://jakarta.ee/xml/ns/jakartaee/beans_4_0.xsd"
                   version="4.0" bean-discovery-mode="annotated">
            </beans>
            """;

    private TckDeployments() {
    }

    /**
     * The standard deployment, without {@code web.xml}, at context path {@code /csp-tck}.
     *
     * @return the archive
     */
    public static WebArchive war() {
        return war(DEFAULT_NAME, Map.of());
    }

    /**
     * The standard deployment under another name (context path {@code /<name>}).
     *
     * @param name the archive name, without {@code .war}
     * @return the archive
     */
    public static WebArchive war(String name) {
        return war(name, Map.of());
    }

    /**
     * The deployment for {@link LimitsVerification}: its context parameters set small limits.
     *
     * @return the archive, with a {@code web.xml} holding {@link LimitsVerification#CONTEXT_PARAMS}
     */
    public static WebArchive limitsWar() {
        return war("csp-tck-limits", LimitsVerification.CONTEXT_PARAMS);
    }

    /**
     * The deployment for {@link CdiVerification}: the standard one at context path
     * {@code /csp-tck-cdi}, plus the fixtures of {@code io.cspwebsocket.tck.cdi} and a
     * {@code WEB-INF/beans.xml} (discovery mode {@code annotated}), so that a container with
     * CDI (Payara) makes the WAR a bean archive. A container without CDI ignores both.
     *
     * @return the archive
     */
    public static WebArchive cdiWar() {
        return war("csp-tck-cdi").addPackage(CdiPage.class.getPackage())
                .addAsWebInfResource(new StringAsset(BEANS_XML), "beans.xml");
    }

    /**
     * The standard deployment with servlet context parameters. When {@code contextParams} is
     * not empty the archive gets a {@code web.xml} (Servlet 6.0, not metadata-complete) that
     * only declares them.
     *
     * @param name the archive name, without {@code .war}
     * @param contextParams the context parameters, e.g. {@code io.cspwebsocket.maxMessageSize}
     * @return the archive
     */
    public static WebArchive war(String name, Map<String, String> contextParams) {
        Objects.requireNonNull(name, "name");
        requireLibraryOffClassPath();
        WebArchive war = ShrinkWrap.create(WebArchive.class, name + ".war")
                .addPackage(Board.class.getPackage())
                .addAsLibraries(libraryJars().stream().map(Path::toFile).toArray(java.io.File[]::new));
        if (!contextParams.isEmpty()) {
            war.setWebXML(new StringAsset(webXml(contextParams)));
        }
        return war;
    }

    /**
     * The container must find the library only in {@code WEB-INF/lib}: on the test class path
     * its initializer would also be found by the container's class loader (STACK.md).
     */
    private static void requireLibraryOffClassPath() {
        try {
            Class.forName("io.cspwebsocket.impl.CspServletContainerInitializer", false, TckDeployments.class.getClassLoader());
        } catch (ClassNotFoundException expected) {
            return;
        }
        throw new IllegalStateException("csp-websocket-impl is on the test class path: exclude it (failsafe"
                + " classpathDependencyExcludes); the TCK deploys it in WEB-INF/lib, as applications do");
    }

    private static String webXml(Map<String, String> contextParams) {
        StringBuilder xml = new StringBuilder()
                .append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n")
                .append("<web-app xmlns=\"https://jakarta.ee/xml/ns/jakartaee\"\n")
                .append("         xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\"\n")
                .append("         xsi:schemaLocation=\"https://jakarta.ee/xml/ns/jakartaee")
                .append(" https://jakarta.ee/xml/ns/jakartaee/web-app_6_0.xsd\"\n")
                .append("         version=\"6.0\" metadata-complete=\"false\">\n");
        contextParams.forEach((key, value) -> xml
                .append("  <context-param>\n")
                .append("    <param-name>").append(key).append("</param-name>\n")
                .append("    <param-value>").append(value).append("</param-value>\n")
                .append("  </context-param>\n"));
        return xml.append("</web-app>\n").toString();
    }

    /**
     * The csp-websocket-api and csp-websocket-impl jars in {@link TckEnvironment#libDir()}.
     *
     * @return exactly one jar of each
     * @throws IllegalStateException if either is missing or ambiguous
     */
    public static List<Path> libraryJars() {
        Path dir = TckEnvironment.libDir();
        List<Path> jars = new ArrayList<>();
        for (String artifact : List.of("csp-websocket-api", "csp-websocket-impl")) {
            List<Path> found;
            try (Stream<Path> files = Files.list(dir)) {
                found = files.filter(p -> {
                    String file = p.getFileName().toString();
                    return file.startsWith(artifact + "-") && file.endsWith(".jar")
                            && !file.endsWith("-sources.jar") && !file.endsWith("-tests.jar")
                            && !file.endsWith("-javadoc.jar");
                }).toList();
            } catch (IOException e) {
                throw new IllegalStateException("cannot list " + dir + " (" + TckEnvironment.LIB_DIR_PROPERTY + ")", e);
            }
            if (found.size() != 1) {
                throw new IllegalStateException("expected exactly one " + artifact + "-*.jar in " + dir
                        + " (" + TckEnvironment.LIB_DIR_PROPERTY + "), found " + found);
            }
            jars.add(found.get(0));
        }
        return jars;
    }
}
