package io.cspwebsocket.impl.internal;

import io.cspwebsocket.spi.CspCluster;
import java.time.Duration;

/**
 * A running cluster binding with what the registry needs to route by id: the local node's id and
 * how long remote calls may take.
 *
 * @param cluster the binding
 * @param localNode this node's id
 * @param timeout the send timeout, for remote writes and answers
 */
record ClusterLink(CspCluster cluster, String localNode, Duration timeout) {

    /**
     * @param webSocketId a well-formed id
     * @return whether another node holds it
     */
    boolean isRemote(String webSocketId) {
        String node = WebSocketIds.nodeOf(webSocketId);
        return node != null && !node.equals(localNode);
    }
}
