package io.cspwebsocket.tck.pages;

import io.cspwebsocket.CspStatus;
import io.cspwebsocket.ReadResult;

/**
 * Unannotated abstract base of {@link SessionPage} and {@link SessionOffPage}: reports what a
 * page sees of its session and request (SPEC §7) and obeys commands that read and write the
 * session from {@code server()}.
 *
 * <p>{@code onPreServer} reads attribute {@value #FROM_SERVLET} and writes {@value #FROM_PRE}
 * (value: the token); with request parameter {@code endOnClose=pre} it calls
 * {@code setSessionEndOnClose(true)}. {@code server()} first sends one report of
 * {@code key=value} lines: {@code session} ({@code getSessionId()}), {@code remote}
 * ({@code getRemoteAddress()}), {@code pre.session}, {@code pre.attr} (attribute
 * {@value #FROM_SERVLET} as read in {@code onPreServer}), {@code pre.set} (exception from the
 * write, or {@code none}). Then it reads commands, one a message, and answers each:
 * <ul>
 *   <li>{@code sid}: answers {@code sid=<getSessionId()>};</li>
 *   <li>{@code get <name>}: answers {@code <name>=<value>};</li>
 *   <li>{@code set <name> <value>}: sets the attribute, answers {@code set <name>};</li>
 *   <li>{@code endOnClose}: {@code setSessionEndOnClose(true)}, answers {@code endOnClose};</li>
 *   <li>{@code end}: {@code return endServer()} (close 1000);</li>
 *   <li>anything else is echoed.</li>
 * </ul>
 * When the socket is closed it records {@code read} (the status code read returned) and returns
 * {@code endServer()}. {@code onPostServer} records under the token {@code post.attr} (attribute
 * {@value #FROM_SERVLET}), {@code post.set} (exception from writing {@value #FROM_POST}, or
 * {@code none}), {@code post.session}, and {@code post}, {@code closeCode}, {@code closeReason}.
 * A session call that throws is reported as {@code EXCEPTION <class>}.
 */
public abstract class SessionPageBase extends TckPage {

    /** Attribute a servlet sets for the page to read. */
    public static final String FROM_SERVLET = "tck.fromServlet";
    /** Attribute {@code onPreServer} sets (to the token). */
    public static final String FROM_PRE = "tck.fromPre";
    /** Attribute {@code onPostServer} sets (to the token). */
    public static final String FROM_POST = "tck.fromPost";

    private volatile String preSession;
    private volatile String preAttr;
    private volatile String preSet;

    /** For subclasses. */
    protected SessionPageBase() {
    }

    @Override
    protected CspStatus onPreServer() {
        preSession = String.valueOf(getSessionId());
        preAttr = sessionAttribute(FROM_SERVLET);
        preSet = trySetSessionAttribute(FROM_PRE, token());
        if ("pre".equals(getRequestParameter("endOnClose"))) {
            setSessionEndOnClose(true);
        }
        return CspStatus.OK;
    }

    @Override
    protected CspStatus server() {
        write("session=" + getSessionId() + "\nremote=" + getRemoteAddress() + "\npre.session=" + preSession
                + "\npre.attr=" + preAttr + "\npre.set=" + preSet + "\n");
        for (;;) {
            ReadResult r = read();
            if (r.status().isClosed()) {
                Board.put(key("read"), code(r.status()));
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
    protected CspStatus onPostServer() {
        Board.put(key("post.attr"), sessionAttribute(FROM_SERVLET));
        Board.put(key("post.set"), trySetSessionAttribute(FROM_POST, token()));
        Board.put(key("post.session"), String.valueOf(getSessionId()));
        recordPostServer();
        return CspStatus.OK;
    }
}
