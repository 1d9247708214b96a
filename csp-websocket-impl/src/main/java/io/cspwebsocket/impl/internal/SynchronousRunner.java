package io.cspwebsocket.impl.internal;

import io.cspwebsocket.CspStatus;
import io.cspwebsocket.internal.CspPageAccess;

/**
 * The body of a synchronous page's thread (SPEC §2.3, §2.5): {@code server()}, then close
 * (1000 for OK or a closed status, 1011 for an error or exception), then {@code onPostServer()}
 * exactly once. An exception is logged with the WebSocket id and goes no further.
 */
final class SynchronousRunner implements Runnable {

    private static final CspPageAccess PAGES = CspPageAccess.get();

    private final Connection connection;

    SynchronousRunner(Connection connection) {
        this.connection = connection;
    }

    @Override
    public void run() {
        String id = connection.webSocketId();
        int code = CloseReasons.NORMAL;
        String reason = "";
        try {
            CspStatus status = PAGES.server(connection.page());
            if (status == null || (status.isError() && !status.isClosed())) {
                // The seed's `return endServer()` after the client left is a closed status: a normal end.
                connection.callbackFailed();
                Log.info(id, "server() returned " + status + "; closing with 1011");
                code = CloseReasons.SERVER_ERROR;
                reason = "server error";
            }
        } catch (RuntimeException | Error e) {
            connection.callbackFailed();
            Log.warn(id, "server() threw; closing with 1011", e);
            code = CloseReasons.SERVER_ERROR;
            reason = "server error";
        }
        connection.closeFromServer(code, reason);
        connection.runPostServer();
    }
}
