package io.cspwebsocket.tck.pages;

import io.cspwebsocket.CspClass;
import io.cspwebsocket.CspStatus;
import io.cspwebsocket.ReadResult;

/**
 * Ends {@code server()} the way request parameter {@code end} says, once the client sends
 * {@code "go"} (SPEC §2.3, §2.5): {@code ok} returns OK, {@code closed} returns
 * {@link CspStatus#CLOSED}, {@code error} returns an error whose message holds a secret,
 * {@code throw} throws an exception whose message holds the secret, {@code seed} reads until
 * the client closes and returns {@code endServer()}. Writes {@code "running"} first. With
 * {@code postThrow=1} its {@code onPostServer} throws after recording.
 *
 * <p>Records under the token: {@code id}, {@code post}, {@code closeCode}, {@code closeReason},
 * {@code endServerStatus} (for {@code seed}), {@code serverThread}, {@code postThread}.
 */
@CspClass("TCK.Ending")
public class EndingPage extends TckPage {

    /** The CSP class name. */
    public static final String NAME = "TCK.Ending";
    /** Text that must never reach the client in a close reason. */
    public static final String SECRET = "SECRET-";

    /** Created by the runtime. */
    public EndingPage() {
    }

    @Override
    protected CspStatus server() {
        Board.put(key("serverThread"), threadIdentity());
        Board.put(key("id"), getWebSocketId());
        write("running");
        String end = param("end", "ok");
        if (end.equals("seed")) {
            for (;;) {
                ReadResult r = read();
                if (r.status().isClosed()) {
                    break;
                }
                write(r.data());
            }
            CspStatus ended = endServer();
            Board.put(key("endServerStatus"), code(ended));
            return ended;
        }
        ReadResult go = read();
        Board.put(key("go"), code(go.status()) + ":" + go.data());
        return switch (end) {
            case "closed" -> CspStatus.CLOSED;
            case "error" -> CspStatus.error(SECRET + token() + " failed with java.lang.IllegalStateException: " + SECRET);
            case "throw" -> throw new IllegalStateException(SECRET + token() + " thrown by server()");
            default -> CspStatus.OK;
        };
    }

    @Override
    protected CspStatus onPostServer() {
        Board.put(key("postThread"), threadIdentity());
        recordPostServer();
        if ("1".equals(getRequestParameter("postThrow"))) {
            throw new IllegalStateException(SECRET + token() + " thrown by onPostServer()");
        }
        return CspStatus.OK;
    }

    /** The thread's name and id: a virtual thread's {@code toString} also names its carrier, which changes. */
    @SuppressWarnings("deprecation") // Thread.getId: threadId() is JDK 19+, the kit runs on 17
    private static String threadIdentity() {
        Thread thread = Thread.currentThread();
        return thread.getName() + "#" + thread.getId();
    }
}
