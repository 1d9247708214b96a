package io.cspwebsocket.impl.internal;

/**
 * Where a connection's client data goes: a {@link BlockingInbox} for pages that {@code read},
 * or a {@link MessageQueue} for shared pages that handle {@code onClientMessage}. Offers come from
 * the container's thread, one at a time, and block while the destination is full.
 */
interface Inbound {

    /**
     * @param text a text fragment
     * @param last whether it ends its message
     * @return {@code false} if dropped because the connection is closing
     * @throws InterruptedException if the container thread is interrupted while blocked
     */
    boolean offerText(String text, boolean last) throws InterruptedException;

    /**
     * @param bytes a binary fragment, handed over
     * @param last whether it ends its message
     * @return {@code false} if dropped because the connection is closing
     * @throws InterruptedException if the container thread is interrupted while blocked
     */
    boolean offerBinary(byte[] bytes, boolean last) throws InterruptedException;

    /** @return whether data is queued that the page has not taken yet (then the client is not idle) */
    boolean backlogged();

    /** The client closed: deliver what is queued, then report the close. */
    void endOfInput();

    /** The server closed: drop what is queued and report the close at once. */
    void terminate();
}
