package io.cspwebsocket.tck.pages;

import io.cspwebsocket.CspClass;
import io.cspwebsocket.CspStatus;

/**
 * A shared socket that receives large fan-out writes (SPEC §4.3, §4.4): sets
 * {@code SharedConnection}; {@code server()} records {@code id} under the token, writes
 * {@code "joined"} and returns; {@code onClientMessage} ignores messages. Its
 * {@code onPostServer} records the usual {@code post}, {@code closeCode} and
 * {@code closeReason}. The senders ({@link SharedModeServlet}) write {@link #message(int, int)}.
 */
@CspClass("TCK.SharedFanout")
public class SharedFanoutPage extends TckPage {

    /** The CSP class name. */
    public static final String NAME = "TCK.SharedFanout";

    /** Created by the runtime. */
    public SharedFanoutPage() {
    }

    /**
     * The {@code n}-th fan-out message: {@code "n|"} then a filler of one letter that depends
     * on {@code n}, {@code size} chars in all.
     *
     * @param n the message number
     * @param size the message length
     * @return the message
     */
    public static String message(int n, int size) {
        String head = n + "|";
        return head + String.valueOf((char) ('a' + n % 26)).repeat(Math.max(0, size - head.length()));
    }

    @Override
    protected CspStatus onPreServer() {
        setSharedConnection(true);
        return CspStatus.OK;
    }

    @Override
    protected CspStatus server() {
        Board.put(key("id"), getWebSocketId());
        write("joined");
        return CspStatus.OK;
    }

    @Override
    protected CspStatus onClientMessage(String data, int close) {
        return CspStatus.OK;
    }

    @Override
    protected CspStatus onPostServer() {
        recordPostServer();
        return CspStatus.OK;
    }
}
