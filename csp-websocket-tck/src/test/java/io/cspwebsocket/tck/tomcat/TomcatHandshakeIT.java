package io.cspwebsocket.tck.tomcat;

import io.cspwebsocket.tck.HandshakeVerification;
import io.cspwebsocket.tck.TckDeployments;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@link HandshakeVerification} on the embedded Tomcat of this module. */
@ExtendWith(ArquillianExtension.class)
class TomcatHandshakeIT extends HandshakeVerification {

    @Deployment(testable = false)
    static WebArchive war() {
        return TckDeployments.war();
    }
}
