package io.cspwebsocket.spring.boot.tests.scan.pages;

import io.cspwebsocket.CspClass;
import io.cspwebsocket.CspStatus;
import io.cspwebsocket.CspWebSocket;

/** A page outside the application's package, served because {@code @CspPageScan} names its package. */
@CspClass("Spring.Scanned")
public class ScannedPage extends CspWebSocket {
    @Override
    protected CspStatus server() {
        write("scanned");
        return endServer();
    }
}
