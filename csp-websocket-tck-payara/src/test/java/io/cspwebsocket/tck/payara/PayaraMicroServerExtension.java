package io.cspwebsocket.tck.payara;

import fish.payara.arquillian.container.payara.managed.PayaraMicroDeployableContainer;
import org.jboss.arquillian.container.spi.client.container.DeployableContainer;
import org.jboss.arquillian.core.spi.LoadableExtension;

/**
 * Replaces arquillian-payara-micro-managed's one-process-per-deployment container with
 * {@link SharedPayaraMicroContainer} (one Payara Micro process per test run). Registered in
 * {@code META-INF/services/org.jboss.arquillian.core.spi.LoadableExtension}.
 */
public final class PayaraMicroServerExtension implements LoadableExtension {

    /** Created by Arquillian's service loader. */
    public PayaraMicroServerExtension() {
    }

    @Override
    public void register(ExtensionBuilder builder) {
        builder.override(DeployableContainer.class, PayaraMicroDeployableContainer.class, SharedPayaraMicroContainer.class);
    }
}
