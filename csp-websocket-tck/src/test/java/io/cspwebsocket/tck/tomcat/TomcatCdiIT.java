package io.cspwebsocket.tck.tomcat;

import io.cspwebsocket.tck.CdiVerification;
import io.cspwebsocket.tck.TckDeployments;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@link CdiVerification} on the embedded Tomcat of this module, which has no CDI: the WAR with
 * {@code beans.xml} and {@code @Inject} still serves, pages made with their constructor. Other
 * modules run it unchanged on a container with CDI (Payara), with
 * {@code io.cspwebsocket.tck.containerHasCdi=true}.
 */
@ExtendWith(ArquillianExtension.class)
class TomcatCdiIT extends CdiVerification {

    @Deployment(testable = false)
    static WebArchive war() {
        return TckDeployments.cdiWar();
    }
}
