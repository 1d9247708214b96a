package io.cspwebsocket.tck.jetty;

import org.jboss.arquillian.container.spi.client.container.DeployableContainer;
import org.jboss.arquillian.core.spi.LoadableExtension;

/**
 * Registers {@link EmbeddedJettyContainer} as the TCK's Arquillian container. Registered in
 * {@code META-INF/services/org.jboss.arquillian.core.spi.LoadableExtension}.
 */
public final class EmbeddedJettyExtension implements LoadableExtension {

    /** Created by Arquillian's service loader. */
    public EmbeddedJettyExtension() {
    }

    @Override
    public void register(ExtensionBuilder builder) {
        builder.service(DeployableContainer.class, EmbeddedJettyContainer.class);
    }
}
