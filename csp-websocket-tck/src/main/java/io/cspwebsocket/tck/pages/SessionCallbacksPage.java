package io.cspwebsocket.tck.pages;

import io.cspwebsocket.CspClass;
import io.cspwebsocket.CspStatus;
import io.cspwebsocket.ReadResult;

/**
 * The session from every callback, in either mode (SPEC §7.1, §7.2, §7.4). With request
 * parameter {@code shared=1} it sets {@code SharedConnection} in {@code onPreServer}, and
 * client messages go to {@code onClientMessage}; otherwise {@code server()} reads them. With
 * {@code endOnClose=post} {@code onPostServer} calls {@code setSessionEndOnClose(true)}.
 *
 * <p>{@code server()} first sends {@code session=<getSessionId()>}; in shared mode it then
 * returns at once. Each client message is a command, answered by the callback that gets it:
 * <ul>
 *   <li>{@code sid}: answers {@code sid=<getSessionId()>};</li>
 *   <li>{@code get <name>}: answers {@code <name>=<value>};</li>
 *   <li>{@code set <name> <value>}: sets the attribute, answers {@code set <name>};</li>
 *   <li>{@code endOnClose}: {@code setSessionEndOnClose(true)}, answers {@code endOnClose};</li>
 *   <li>{@code end}: {@code endServer()} (close 1000);</li>
 *   <li>anything else is echoed.</li>
 * </ul>
 * Records under the token: {@code close} (calls of {@code onClientMessage("", 1)}),
 * {@code post.attr} (attribute {@value SessionPageBase#FROM_SERVLET} as {@code onPostServer}
 * reads it), {@code post.set} (exception from writing {@value SessionPageBase#FROM_POST}, or
 * {@code none}), {@code post.endOnClose} ({@code isSessionEndOnClose()} at the end of
 * {@code onPostServer}) and the usual {@code post}, {@code closeCode}, {@code closeReason}. A
 * session call that throws is reported as {@code EXCEPTION <class>}.
 */
@CspClass("TCK.SessionCallbacks")
public class SessionCallbacksPage extends TckPage {

    /** The CSP class name. */
    public static final String NAME = "TCK.SessionCallbacks";

    /** Created by the runtime. */
    public SessionCallbacksPage() {
    }

    @Override
    protected CspStatus onPreServer() {
        if ("1".equals(getRequestParameter("shared"))) {
            setSharedConnection(true);
        }
        return CspStatus.OK;
    }

    @Override
    protected CspStatus server() {
        write("session=" + getSessionId());
        if (isSharedConnection()) {
            return CspStatus.OK;
        }
        for (;;) {
            ReadResult r = read();
            if (r.status().isClosed()) {
                return endServer();
            }
            if (r.status().isError()) {
                return r.status();
            }
            CspStatus ended = sessionCommand(r.data());
            if (ended != null) {
                return ended;
            }
        }
    }

    @Override
    protected CspStatus onClientMessage(String data, int close) {
        if (close != 0) {
            Board.increment(key("close"));
            return CspStatus.OK;
        }
        CspStatus ended = sessionCommand(data);
        return ended == null || ended.isClosed() ? CspStatus.OK : ended;
    }

    @Override
    protected CspStatus onPostServer() {
        Board.put(key("post.attr"), sessionAttribute(SessionPageBase.FROM_SERVLET));
        Board.put(key("post.set"), trySetSessionAttribute(SessionPageBase.FROM_POST, token()));
        if ("post".equals(getRequestParameter("endOnClose"))) {
            setSessionEndOnClose(true);
        }
        Board.put(key("post.endOnClose"), Boolean.toString(isSessionEndOnClose()));
        recordPostServer();
        return CspStatus.OK;
    }
}
