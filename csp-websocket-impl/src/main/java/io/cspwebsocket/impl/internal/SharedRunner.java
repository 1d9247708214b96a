package io.cspwebsocket.impl.internal;

import io.cspwebsocket.CspStatus;
import io.cspwebsocket.internal.CspPageAccess;

/**
 * The body of a shared page's {@code server()} thread (SPEC §2.4): runs {@code server()} once;
 * the socket stays open when it returns (1011 if it returned an error or threw). Then client
 * messages flow to {@code onClientMessage} through the {@link SharedDispatcher}, or, for a page
 * that does not handle them, stay queued for {@code read} until the socket closes, after which
 * {@code onPostServer} runs once on a library thread.
 */
final class SharedRunner implements Runnable {

    private static final CspPageAccess PAGES = CspPageAccess.get();

    private final Connection connection;
    private final SharedDispatcher dispatcher;
    private final PageThreads threads;

    SharedRunner(Connection connection, SharedDispatcher dispatcher, PageThreads threads) {
        this.connection = connection;
        this.dispatcher = dispatcher;
        this.threads = threads;
    }

    @Override
    public void run() {
        String id = connection.webSocketId();
        try {
            CspStatus status = PAGES.server(connection.page());
            if (status == null || (status.isError() && !status.isClosed())) {
                connection.callbackFailed();
                Log.info(id, "server() returned " + status + "; closing with 1011");
                connection.closeFromServer(CloseReasons.SERVER_ERROR, "server error");
            }
        } catch (RuntimeException | Error e) {
            connection.callbackFailed();
            Log.warn(id, "server() threw; closing with 1011", e);
            connection.closeFromServer(CloseReasons.SERVER_ERROR, "server error");
        }
        if (dispatcher != null) {
            dispatcher.serverReturned();
        } else {
            connection.closedStage().thenRun(() -> threads.execute("csp-post " + id, connection::runPostServer));
        }
    }
}
