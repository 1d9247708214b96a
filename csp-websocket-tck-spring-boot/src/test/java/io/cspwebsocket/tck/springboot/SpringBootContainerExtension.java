package io.cspwebsocket.tck.springboot;

import org.jboss.arquillian.container.spi.client.container.DeployableContainer;
import org.jboss.arquillian.core.spi.LoadableExtension;

/**
 * Registers {@link SpringBootDeployableContainer}, the only container of this module's test runs.
 * Registered in {@code META-INF/services/org.jboss.arquillian.core.spi.LoadableExtension}.
 */
public final class SpringBootContainerExtension implements LoadableExtension {

    /** Created by Arquillian's service loader. */
    public SpringBootContainerExtension() {
    }

    @Override
    public void register(ExtensionBuilder builder) {
        builder.service(DeployableContainer.class, SpringBootDeployableContainer.class);
    }
}
