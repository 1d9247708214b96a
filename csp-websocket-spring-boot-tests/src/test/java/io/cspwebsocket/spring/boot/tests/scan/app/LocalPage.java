package io.cspwebsocket.spring.boot.tests.scan.app;

import io.cspwebsocket.CspClass;
import io.cspwebsocket.CspStatus;
import io.cspwebsocket.CspWebSocket;

/** In the application's own package, which {@code @CspPageScan} replaces: not served. */
@CspClass("Spring.Local")
public class LocalPage extends CspWebSocket {
    @Override
    protected CspStatus server() {
        return endServer();
    }
}
