package io.cspwebsocket.tck.springboot;

import java.nio.file.Files;
import java.nio.file.Path;
import org.jboss.arquillian.container.spi.ConfigurationException;
import org.jboss.arquillian.container.spi.client.container.ContainerConfiguration;

/**
 * The properties of {@code arquillian-spring-boot.xml}: where the Spring Boot application's jars
 * and classes are, and the address its Tomcat listens on. Set by Arquillian through the setters.
 */
public final class SpringBootContainerConfiguration implements ContainerConfiguration {

    private String bootLibDir;
    private String applicationClasses;
    private String bindAddress = "127.0.0.1";

    /** Created by Arquillian. */
    public SpringBootContainerConfiguration() {
    }

    @Override
    public void validate() throws ConfigurationException {
        requireDirectory("bootLibDir", bootLibDir);
        requireDirectory("applicationClasses", applicationClasses);
    }

    private static void requireDirectory(String property, String value) throws ConfigurationException {
        if (value == null || value.isBlank() || !Files.isDirectory(Path.of(value))) {
            throw new ConfigurationException("property " + property + " must name an existing directory, not " + value);
        }
    }

    /** @return the directory holding Spring Boot, embedded Tomcat, the starter and the rest of the application's jars */
    public Path bootLibDir() {
        return Path.of(bootLibDir);
    }

    /** @param bootLibDir see {@link #bootLibDir()} */
    public void setBootLibDir(String bootLibDir) {
        this.bootLibDir = bootLibDir;
    }

    /** @return the directory holding the application class and its launcher (this module's src/main, compiled) */
    public Path applicationClasses() {
        return Path.of(applicationClasses);
    }

    /** @param applicationClasses see {@link #applicationClasses()} */
    public void setApplicationClasses(String applicationClasses) {
        this.applicationClasses = applicationClasses;
    }

    /** @return the address embedded Tomcat listens on, and that deployment URLs name */
    public String bindAddress() {
        return bindAddress;
    }

    /** @param bindAddress see {@link #bindAddress()} */
    public void setBindAddress(String bindAddress) {
        this.bindAddress = bindAddress;
    }
}
