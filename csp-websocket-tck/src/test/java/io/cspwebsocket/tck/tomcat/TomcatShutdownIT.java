package io.cspwebsocket.tck.tomcat;

import io.cspwebsocket.tck.ShutdownVerification;
import io.cspwebsocket.tck.TckDeployments;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@link ShutdownVerification} on the embedded Tomcat of this module. */
@ExtendWith(ArquillianExtension.class)
class TomcatShutdownIT extends ShutdownVerification {

    @Deployment(testable = false)
    static WebArchive war() {
        return TckDeployments.war();
    }

    @Deployment(name = ShutdownVerification.UNDEPLOYABLE, managed = false, testable = false)
    static WebArchive undeployable() {
        return ShutdownVerification.undeployableWar();
    }
}
