package io.cspwebsocket.tck.springboot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cspwebsocket.tck.TckEnvironment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.jboss.arquillian.container.spi.client.container.DeploymentException;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.asset.EmptyAsset;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;

/**
 * How the container reads a WAR for Spring Boot: what it maps, and what it refuses because a
 * Boot application would silently ignore it.
 */
class ExplodedWarTest {

    private static String webXml(String body) {
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                + "<web-app xmlns=\"https://jakarta.ee/xml/ns/jakartaee\" version=\"6.0\">\n" + body + "</web-app>\n";
    }

    private static String param(String name, String value) {
        return "<context-param><param-name>" + name + "</param-name><param-value> " + value + " </param-value></context-param>\n";
    }

    private static WebArchive war(String name) {
        return ShrinkWrap.create(WebArchive.class, name + ".war").addClass(ExplodedWarTest.class);
    }

    @Test
    void contextParametersAreReadInDocumentOrderAndTheDirectoryIsDeletedOnClose() throws Exception {
        Path root;
        try (ExplodedWar exploded = ExplodedWar.explode(war("params").setWebXML(new StringAsset(
                webXml(param("io.cspwebsocket.sendTimeout", "1s") + param("io.cspwebsocket.maxMessageSize", "16384")))))) {
            assertEquals(List.of(Map.entry("io.cspwebsocket.sendTimeout", "1s"), Map.entry("io.cspwebsocket.maxMessageSize", "16384")),
                    List.copyOf(exploded.contextParameters().entrySet()));
            root = exploded.classes().getParent().getParent();
            assertTrue(Files.isDirectory(root));
        }
        assertFalse(Files.exists(root), "the exploded archive is deleted on close");
    }

    @Test
    void withoutWebXmlThereAreNoContextParameters() throws Exception {
        try (ExplodedWar exploded = ExplodedWar.explode(war("plain"))) {
            assertEquals(Map.of(), exploded.contextParameters());
        }
    }

    @Test
    void aWebXmlWithMoreThanContextParametersIsRefusedNamingTheElement() throws Exception {
        try (ExplodedWar exploded = ExplodedWar.explode(war("login").setWebXML(new StringAsset(
                webXml(param("a", "b") + "<login-config><auth-method>BASIC</auth-method></login-config>\n"))))) {
            DeploymentException refused = assertThrows(DeploymentException.class, exploded::contextParameters);
            assertTrue(refused.getMessage().contains("<login-config>"), refused.getMessage());
        }
    }

    @Test
    void aBeanArchiveAndATomcatContextXmlAreRefused() {
        DeploymentException beans = assertThrows(DeploymentException.class,
                () -> ExplodedWar.explode(war("cdi").addAsWebInfResource(EmptyAsset.INSTANCE, "beans.xml")));
        assertTrue(beans.getMessage().contains("WEB-INF/beans.xml"), beans.getMessage());
        DeploymentException context = assertThrows(DeploymentException.class,
                () -> ExplodedWar.explode(war("realm").addAsManifestResource(new StringAsset("<Context/>"), "context.xml")));
        assertTrue(context.getMessage().contains("META-INF/context.xml"), context.getMessage());
    }

    @Test
    void theScannedPackageIsTheLongestOneHoldingEveryClass() throws Exception {
        try (ExplodedWar one = ExplodedWar.explode(war("one"))) {
            assertEquals(ExplodedWarTest.class.getPackageName(), one.classesPackage());
        }
        try (ExplodedWar two = ExplodedWar.explode(war("two").addClass(TckEnvironment.class))) {
            assertEquals("io.cspwebsocket.tck", two.classesPackage());
        }
        try (ExplodedWar apart = ExplodedWar.explode(war("apart").addClass(Test.class))) {
            assertThrows(DeploymentException.class, apart::classesPackage);
        }
    }
}
