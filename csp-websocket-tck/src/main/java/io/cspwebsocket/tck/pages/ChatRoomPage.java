package io.cspwebsocket.tck.pages;

import io.cspwebsocket.CspClass;
import io.cspwebsocket.CspStatus;

/**
 * A chat room's member socket for broadcasts (SPEC §4.2, §4.4, §6.3): sets
 * {@code SharedConnection}; {@code server()} writes {@code "joined"} and returns;
 * {@code onClientMessage} ignores messages. The senders ({@link SharedModeServlet}) write
 * {@link #message(int, int)} to every member.
 */
@CspClass("TCK.ChatRoom")
public class ChatRoomPage extends TckPage {

    /** The CSP class name. */
    public static final String NAME = "TCK.ChatRoom";

    private static final String FILLER = "0123456789abcdefghijklmnopqrstuvwxyz";

    /** Created by the runtime. */
    public ChatRoomPage() {
    }

    /**
     * The {@code n}-th message of sender thread {@code t}: {@code "t:n:"} then a filler whose
     * length and start depend on both, so a torn, interleaved or mixed-up message is
     * detectable.
     *
     * @param t the sender thread
     * @param n the message number within the thread
     * @return the message
     */
    public static String message(int t, int n) {
        int length = 16 + (t * 31 + n * 17) % 200;
        StringBuilder text = new StringBuilder().append(t).append(':').append(n).append(':');
        for (int i = 0; i < length; i++) {
            text.append(FILLER.charAt((t + n + i) % FILLER.length()));
        }
        return text.toString();
    }

    @Override
    protected CspStatus onPreServer() {
        setSharedConnection(true);
        return CspStatus.OK;
    }

    @Override
    protected CspStatus server() {
        write("joined");
        return CspStatus.OK;
    }

    @Override
    protected CspStatus onClientMessage(String data, int close) {
        return CspStatus.OK;
    }
}
