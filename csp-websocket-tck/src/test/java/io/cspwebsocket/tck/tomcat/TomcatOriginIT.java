package io.cspwebsocket.tck.tomcat;

import io.cspwebsocket.tck.OriginVerification;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@link OriginVerification} on the embedded Tomcat of this module. */
@ExtendWith(ArquillianExtension.class)
class TomcatOriginIT extends OriginVerification {

    @Deployment(testable = false)
    static WebArchive war() {
        return OriginVerification.originWar();
    }

    @Deployment(name = OriginVerification.ALLOW_ALL, managed = false, testable = false)
    static WebArchive allowAll() {
        return OriginVerification.allowAllWar();
    }
}
