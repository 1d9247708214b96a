package io.cspwebsocket.tck.jetty;

import org.jboss.arquillian.container.spi.ConfigurationException;
import org.jboss.arquillian.container.spi.client.container.ContainerConfiguration;

/**
 * The {@code arquillian.xml} properties of {@link EmbeddedJettyContainer}: where the server
 * listens and where deployed archives are written. Arquillian sets them through the setters.
 */
public final class JettyContainerConfiguration implements ContainerConfiguration {

    private String bindAddress = "127.0.0.1";
    private int bindHttpPort;
    private String deploymentDir = "target/jetty-deployments";

    /** Created by Arquillian. */
    public JettyContainerConfiguration() {
    }

    /** @return the address the HTTP connector binds (loopback by default) */
    public String getBindAddress() {
        return bindAddress;
    }

    /** @param bindAddress the address the HTTP connector binds */
    public void setBindAddress(String bindAddress) {
        this.bindAddress = bindAddress;
    }

    /** @return the HTTP port; 0 (the default) lets the system choose a free one */
    public int getBindHttpPort() {
        return bindHttpPort;
    }

    /** @param bindHttpPort the HTTP port, or 0 for a free one */
    public void setBindHttpPort(int bindHttpPort) {
        this.bindHttpPort = bindHttpPort;
    }

    /** @return the directory deployed archives are written to, one WAR file each */
    public String getDeploymentDir() {
        return deploymentDir;
    }

    /** @param deploymentDir the directory deployed archives are written to */
    public void setDeploymentDir(String deploymentDir) {
        this.deploymentDir = deploymentDir;
    }

    @Override
    public void validate() throws ConfigurationException {
        if (bindAddress == null || bindAddress.isBlank()) {
            throw new ConfigurationException("bindAddress must be set");
        }
        if (bindHttpPort < 0 || bindHttpPort > 65_535) {
            throw new ConfigurationException("bindHttpPort must be 0 (a free port) or a port number: " + bindHttpPort);
        }
        if (deploymentDir == null || deploymentDir.isBlank()) {
            throw new ConfigurationException("deploymentDir must be set");
        }
    }
}
