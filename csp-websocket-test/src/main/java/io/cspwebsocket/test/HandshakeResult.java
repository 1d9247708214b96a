package io.cspwebsocket.test;

/**
 * What an opening handshake in memory came to: the HTTP status a container would have answered,
 * and the client of the socket when it was accepted.
 *
 * @param status 101 when accepted; 404 when no page is at the path; 403 when the Origin was
 *        refused (SPEC §8.2) or {@code onPreServer} refused (§2.2); 500 when the page could not be created
 * @param client the open socket's client when accepted, else {@code null}
 */
public record HandshakeResult(int status, PageClient client) {

    /** The status of an accepted handshake (Switching Protocols). */
    public static final int SWITCHING_PROTOCOLS = 101;

    /** @return whether the socket opened */
    public boolean accepted() {
        return status == SWITCHING_PROTOCOLS;
    }
}
