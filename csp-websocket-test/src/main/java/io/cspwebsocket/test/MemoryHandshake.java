package io.cspwebsocket.test;

import io.cspwebsocket.impl.internal.CspApplication;
import io.cspwebsocket.impl.internal.HandshakeFacts;
import io.cspwebsocket.impl.internal.PageDescriptor;
import io.cspwebsocket.impl.internal.PageHandshake;
import io.cspwebsocket.impl.internal.PageSocket;
import io.cspwebsocket.impl.internal.WebSocketIds;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Runs a {@link PageRequest} the way the adapter's servlet does on a container, minus HTTP: the
 * page at the path (404), the Origin (403), a session, the page and its {@code onPreServer}
 * (403, or 500 if it cannot be created), the subprotocol; then the socket opens in memory.
 * Every decision is the core's own ({@link PageHandshake}).
 */
final class MemoryHandshake {

    private static final int NOT_FOUND = 404;

    private final CspApplication application;
    private final PageLifecycles lifecycles;
    private final TestClock clock;

    MemoryHandshake(CspApplication application, PageLifecycles lifecycles, TestClock clock) {
        this.application = application;
        this.lifecycles = lifecycles;
        this.clock = clock;
    }

    HandshakeResult run(PageRequest request) {
        PageDescriptor page = application.mapper().find(request.path()).orElse(null);
        if (page == null) {
            return new HandshakeResult(NOT_FOUND, null);
        }
        if (!PageHandshake.admitsOrigin(application, page, request.scheme(), name -> header(request, name))) {
            return new HandshakeResult(PageHandshake.FORBIDDEN, null);
        }
        TestSession session = new TestSession(WebSocketIds.next(), request.sessionAttributes());
        TestPrincipal user = request.user();
        HandshakeFacts facts = new HandshakeFacts(request.parameters(), request.headers(), user,
                user == null ? role -> false : user::hasRole, request.remoteAddress(), "127.0.0.1", 8080);
        PageHandshake.Outcome outcome = PageHandshake.prepare(application, page, facts, session);
        CompletableFuture<Void> pageEnded = lifecycles.takeEndOfCreated();
        if (!outcome.accepted()) {
            return new HandshakeResult(outcome.refusedStatus(), null);
        }
        String subprotocol = PageHandshake.subprotocol(page, request.subprotocols());
        MemoryWire wire = new MemoryWire(outcome.connection().webSocketId());
        PageSocket socket = PageSocket.of(outcome.connection());
        wire.attach(socket);
        PageClient client = new PageClient(wire, socket, subprotocol, pageEnded, session, clock);
        socket.open(wire, wire);
        return new HandshakeResult(HandshakeResult.SWITCHING_PROTOCOLS, client);
    }

    private static String header(PageRequest request, String name) {
        for (Map.Entry<String, List<String>> header : request.headers().entrySet()) {
            if (header.getKey().equalsIgnoreCase(name)) {
                return header.getValue().get(0);
            }
        }
        return null;
    }
}
