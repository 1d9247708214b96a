package io.cspwebsocket.tck.pages;

import io.cspwebsocket.CspClass;
import io.cspwebsocket.CspStatus;

/**
 * How a shared page ends (SPEC §2.4, §2.5): sets {@code SharedConnection} in
 * {@code onPreServer}; {@code server()} writes {@code "id=<WebSocketID>"} and returns OK at
 * once. {@code onClientMessage} echoes every message, except {@code "error"} (returns an error
 * status holding {@link #SECRET}), {@code "throw"} (throws an exception whose message holds
 * {@link #SECRET}, the token and {@code "thrown by onClientMessage()"}) and {@code "end"}
 * (calls {@code endServer()} and returns its status).
 *
 * <p>Records under the token: {@code id}, {@code server} (how often {@code server()} ran),
 * {@code server.returned}, {@code events} ({@code msg} per message, {@code close[<data>]} for
 * the close call, {@code post} for {@code onPostServer}, in call order), {@code close} (close
 * calls), {@code post.listed} (own id still in {@code openIds} in {@code onPostServer}) and the
 * usual {@code post}, {@code closeCode}, {@code closeReason}.
 */
@CspClass("TCK.SharedClose")
public class SharedClosePage extends TckPage {

    /** The CSP class name. */
    public static final String NAME = "TCK.SharedClose";
    /** Text that must never reach the client in a close reason. */
    public static final String SECRET = "SECRET-";

    /** Created by the runtime. */
    public SharedClosePage() {
    }

    @Override
    protected CspStatus onPreServer() {
        setSharedConnection(true);
        return CspStatus.OK;
    }

    @Override
    protected CspStatus server() {
        Board.increment(key("server"));
        Board.put(key("id"), getWebSocketId());
        write("id=" + getWebSocketId());
        Board.put(key("server.returned"), "yes");
        return CspStatus.OK;
    }

    @Override
    protected CspStatus onClientMessage(String data, int close) {
        if (close != 0) {
            Board.increment(key("close"));
            Board.append(key("events"), "close[" + data + "]");
            return CspStatus.OK;
        }
        Board.append(key("events"), "msg");
        return switch (data) {
            case "error" -> CspStatus.error(SECRET + token() + " onClientMessage failed: " + SECRET);
            case "throw" -> throw new IllegalStateException(SECRET + token() + " thrown by onClientMessage()");
            case "end" -> endServer();
            default -> {
                CspStatus written = write(data);
                yield written.isClosed() ? CspStatus.OK : written; // the client may be leaving
            }
        };
    }

    @Override
    protected CspStatus onPostServer() {
        Board.append(key("events"), "post");
        Board.put(key("post.listed"), Boolean.toString(openIds(SharedClosePage.class).contains(getWebSocketId())));
        recordPostServer();
        return CspStatus.OK;
    }
}
