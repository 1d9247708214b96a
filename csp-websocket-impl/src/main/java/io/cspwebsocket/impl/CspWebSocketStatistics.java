package io.cspwebsocket.impl;

import java.util.List;
import java.util.Optional;

/**
 * A live, read-only view of what one running application's csp-websocket holds and has done: the
 * counters behind its {@link CspWebSocketsMXBean}, for metrics libraries (csp-websocket-micrometer)
 * and health checks. Every method reads the current value; none blocks or allocates per socket.
 * Counters start at deployment and only grow. Found through {@link CspWebSocketApplications}, or
 * from the {@link CspServletContainerInitializer} or {@link CspEndpoints} that started the application.
 *
 * <p>No value here is an id, a URL or a session id: page names and {@link Refusal} words are fixed
 * at deployment, so they are safe as metric tags.
 */
public interface CspWebSocketStatistics {

    /** Why a handshake was refused: a fixed set, each with a word for a metric tag. */
    enum Refusal {
        /** 403: the {@code Origin} is neither same-origin nor allowed (SPEC §8.2). */
        ORIGIN("origin"),
        /** 403 (1008 without a servlet layer): {@code onPreServer} returned an error or threw (SPEC §2.2). */
        ON_PRE_SERVER("on-pre-server"),
        /** 400 or 426: not a valid WebSocket upgrade request (SPEC §8.3). */
        BAD_REQUEST("bad-request"),
        /** 404: a forward, include or error dispatch to a page's URL (SPEC §8.3). */
        NOT_FOUND("not-found"),
        /** 403: a handshake that reached a page's endpoint without coming through the page's URL (SPEC §8.3). */
        BYPASS("bypass"),
        /** 500: the page could not be created (its constructor, or the page factory, failed). */
        PAGE_ERROR("page-error"),
        /** The container did not upgrade a handshake that {@code onPreServer} accepted, or has no WebSocket support. */
        CONTAINER("container");

        private final String tag;

        Refusal(String tag) {
            this.tag = tag;
        }

        /** @return the lower-case word for a metric tag, e.g. {@code on-pre-server} */
        public String tag() {
            return tag;
        }
    }

    /** The counters of one page class. */
    interface Page {

        /** @return the CSP class name in the page's URL, e.g. {@code MyApp.Echo} */
        String name();

        /** @return the page's Java class name */
        String className();

        /** @return sockets of this page opened since deployment */
        long opened();

        /** @return sockets of this page open now in synchronous mode */
        long openSynchronous();

        /** @return sockets of this page open now in shared mode ({@code SharedConnection}) */
        long openShared();
    }

    /**
     * The application's cluster binding (SPEC §12).
     *
     * @param binding the binding's class name
     * @param nodeId this node's id in the cluster
     * @param connected whether the binding reports itself connected to the cluster now
     */
    record Cluster(String binding, String nodeId, boolean connected) {
    }

    /** @return the application's name: its context path ({@code "/"} for the root), {@code "standalone"} for {@link CspEndpoints} */
    String application();

    /** @return the application's pages, in a fixed order */
    List<Page> pages();

    /** @return sockets open now */
    long openSockets();

    /** @return complete client messages received */
    long messagesIn();

    /** @return messages the clients' sockets accepted (sends that completed OK); pings excluded */
    long messagesOut();

    /** @return bytes of client messages received (text counted in UTF-8), of every part the size limit let through */
    long bytesIn();

    /** @return bytes of the messages counted by {@link #messagesOut()} (text counted in UTF-8) */
    long bytesOut();

    /**
     * @param reason why
     * @return handshakes refused for that reason since deployment
     */
    long refusedHandshakes(Refusal reason);

    /** @return writes that did not complete within the send timeout (the socket was closed with 1011) */
    long sendTimeouts();

    /** @return page callbacks that threw or returned an error status */
    long callbackErrors();

    /** @return the cluster binding and its state now; empty when the application runs on one node */
    Optional<Cluster> cluster();
}
