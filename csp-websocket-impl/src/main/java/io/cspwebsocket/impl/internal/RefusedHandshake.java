package io.cspwebsocket.impl.internal;

/**
 * Marks a handshake whose {@code onPreServer} refused it where no servlet layer could answer
 * 403 (standalone Tyrus): the endpoint closes it with 1008 at once.
 *
 * @param webSocketId the id the refused page had
 */
record RefusedHandshake(String webSocketId) {
}
