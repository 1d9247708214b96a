package io.cspwebsocket.tck.tomcat;

import io.cspwebsocket.tck.ContainerLoginVerification;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@link ContainerLoginVerification} on the embedded Tomcat of this module. */
@ExtendWith(ArquillianExtension.class)
class TomcatContainerLoginIT extends ContainerLoginVerification {

    @Deployment(testable = false)
    static WebArchive war() {
        return ContainerLoginVerification.loginWar();
    }
}
