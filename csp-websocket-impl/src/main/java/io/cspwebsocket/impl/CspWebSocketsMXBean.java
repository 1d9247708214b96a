package io.cspwebsocket.impl;

import java.util.Map;

/**
 * What one web application's csp-websocket holds and has done, for operators: registered in the
 * platform MBean server as {@code io.cspwebsocket:type=CspWebSockets,application="<context path>"}
 * while the application runs. Counters start at deployment.
 */
public interface CspWebSocketsMXBean {

    /** @return sockets open now */
    int getOpenSockets();

    /** @return sockets open now per page, keyed {@code "<CSP class name> (synchronous|shared)"} */
    Map<String, Integer> getOpenSocketsByPage();

    /** @return sockets opened since deployment */
    long getOpenedSockets();

    /** @return complete client messages received */
    long getMessagesIn();

    /** @return messages the clients' sockets accepted (sends that completed OK) */
    long getMessagesOut();

    /** @return handshakes refused with 403 (Origin policy, or {@code onPreServer} said no) */
    long getRefusedHandshakes();

    /** @return writes that did not complete within the send timeout (the socket was closed with 1011) */
    long getSendTimeouts();

    /** @return page callbacks that threw or returned an error status */
    long getCallbackErrors();

    /** @return threads the library runs now (page, dispatch and worker threads, virtual ones included) */
    int getLibraryThreads();

    /** @return whether pages run on virtual threads */
    boolean isVirtualThreads();
}
