package io.cspwebsocket.tck.tomcat;

import io.cspwebsocket.tck.TckDeployments;
import io.cspwebsocket.tck.EndServerVerification;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@link EndServerVerification} on the embedded Tomcat of this module. */
@ExtendWith(ArquillianExtension.class)
class TomcatEndServerIT extends EndServerVerification {

    @Deployment(testable = false)
    static WebArchive war() {
        return TckDeployments.war();
    }
}
