package io.cspwebsocket.tck.pages;

import io.cspwebsocket.CspClass;
import io.cspwebsocket.CspStatus;
import java.time.Duration;

/**
 * A shared page whose {@code onClientMessage} can block (SPEC §2.4): the message {@code "block"}
 * records {@code <token>.blocked} and holds the call until the test raises signal
 * {@code <token>.release} (at most 60 s), then writes {@code "released"}; any other message is
 * answered {@code "echo:<data>"}.
 */
@CspClass("TCK.SharedBlocking")
public class SharedBlockingPage extends TckPage {

    /** The CSP class name. */
    public static final String NAME = "TCK.SharedBlocking";

    /** Created by the runtime. */
    public SharedBlockingPage() {
    }

    @Override
    protected CspStatus onPreServer() {
        setSharedConnection(true);
        return CspStatus.OK;
    }

    @Override
    protected CspStatus server() {
        return write("ready");
    }

    @Override
    protected CspStatus onClientMessage(String data, int close) {
        if (close != 0) {
            return CspStatus.OK;
        }
        if (data.equals("block")) {
            Board.put(key("blocked"), "yes");
            Board.awaitSignal(key("release"), Duration.ofSeconds(60));
            return write("released");
        }
        return write("echo:" + data);
    }
}
