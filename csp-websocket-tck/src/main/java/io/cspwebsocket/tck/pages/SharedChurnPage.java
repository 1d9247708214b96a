package io.cspwebsocket.tck.pages;

import io.cspwebsocket.CspClass;
import io.cspwebsocket.CspStatus;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Many short-lived shared sockets (SPEC §6.3): sets {@code SharedConnection}; {@code server()}
 * records whether its own id is listed by {@code openIds} (or, if not, whether the socket had
 * already closed), writes {@code "in"} and returns;
 * {@code onClientMessage} ignores messages; {@code onPostServer} records whether its id is
 * still listed. Many connections share one token, so the records are counters:
 * {@code server.listed.true} / {@code server.listed.closed} (unlisted because the client had
 * already closed) / {@code server.listed.false} (unlisted while open), {@code post.listed.true} /
 * {@code post.listed.false}, {@code server.done} (runs of {@code server()} that returned) and
 * {@code post}; {@code server.write} lists the statuses of its {@code write("in")} that were
 * neither OK nor 7951 (with id and duration).
 */
@CspClass("TCK.SharedChurn")
public class SharedChurnPage extends TckPage {

    /** The CSP class name. */
    public static final String NAME = "TCK.SharedChurn";

    /** Created by the runtime. */
    public SharedChurnPage() {
    }

    @Override
    protected CspStatus onPreServer() {
        setSharedConnection(true);
        return CspStatus.OK;
    }

    @Override
    protected CspStatus server() {
        boolean listed = openIds(SharedChurnPage.class).contains(getWebSocketId());
        Board.increment(key("server.listed." + (listed ? "true" : closedSoon() ? "closed" : "false")));
        long start = System.nanoTime();
        CspStatus written = write("in");
        if (!written.isOk() && !written.isClosed()) {
            Board.append(key("server.write"), written + " for " + getWebSocketId() + " after "
                    + (System.nanoTime() - start) / 1_000_000 + " ms");
        }
        Board.increment(key("server.done"));
        return CspStatus.OK;
    }

    /**
     * An unlisted id is right only for a socket the client has closed already: then the close
     * code is set at once, or within moments if the runtime unlists before it records the code.
     */
    private boolean closedSoon() {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
        while (getCloseCode() == 0) {
            if (System.nanoTime() - deadline > 0) {
                return false;
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
        }
        return true;
    }

    @Override
    protected CspStatus onClientMessage(String data, int close) {
        return CspStatus.OK;
    }

    @Override
    protected CspStatus onPostServer() {
        Board.increment(key("post.listed." + openIds(SharedChurnPage.class).contains(getWebSocketId())));
        Board.increment(key("post"));
        return CspStatus.OK;
    }
}
