package io.cspwebsocket.redis.node;

import io.cspwebsocket.CspClass;
import io.cspwebsocket.CspStatus;
import io.cspwebsocket.CspWebSocket;

/** A shared-mode page that tells its client its id and otherwise only receives. */
@CspClass("Test.Cluster")
public class ClusterTestPage extends CspWebSocket {

    @Override
    protected CspStatus onPreServer() {
        setSharedConnection(true);
        return CspStatus.OK;
    }

    @Override
    protected CspStatus server() {
        return write("id:" + getWebSocketId());
    }

    @Override
    protected CspStatus onClientMessage(String data, int close) {
        return CspStatus.OK;
    }
}
