package io.cspwebsocket.tck.pages;

import io.cspwebsocket.CspClass;
import io.cspwebsocket.CspStatus;
import io.cspwebsocket.ReadResult;

/**
 * Reports {@code getGatewayClientAddress()} (IRIS {@code GWClientAddress}, SPEC §6.4) in every
 * callback. With request parameter {@code shared=1} it sets {@code SharedConnection} in
 * {@code onPreServer}; with {@code end=1} {@code server()} returns right after its report, so
 * that the page does not wait for a client that leaves at once to be noticed.
 *
 * <p>{@code server()} first sends one report of {@code key=value} lines: {@code pre.gateway}
 * (as read in {@code onPreServer}) and {@code server.gateway}. Then every client message is
 * answered with {@code gateway=<getGatewayClientAddress()>}: by {@code server()}'s read loop
 * in synchronous mode, by {@code onClientMessage} in shared mode ({@code server()} returns at
 * once). {@code onPreServer} also records under the token {@code pre.gateway} (for clients
 * that read no message), and {@code onPostServer} {@code post.gateway} and the usual
 * {@code post}, {@code closeCode}, {@code closeReason}. A call that throws is reported as
 * {@code EXCEPTION <class>}.
 */
@CspClass("TCK.Gateway")
public class GatewayPage extends TckPage {

    /** The CSP class name. */
    public static final String NAME = "TCK.Gateway";

    private volatile String preGateway;

    /** Created by the runtime. */
    public GatewayPage() {
    }

    @Override
    protected CspStatus onPreServer() {
        preGateway = gateway();
        Board.put(key("pre.gateway"), preGateway);
        if ("1".equals(getRequestParameter("shared"))) {
            setSharedConnection(true);
        }
        return CspStatus.OK;
    }

    @Override
    protected CspStatus server() {
        write("pre.gateway=" + preGateway + "\nserver.gateway=" + gateway() + "\n");
        if (isSharedConnection() || "1".equals(getRequestParameter("end"))) {
            return CspStatus.OK;
        }
        for (;;) {
            ReadResult r = read();
            if (r.status().isError()) {
                return endServer();
            }
            write("gateway=" + gateway());
        }
    }

    @Override
    protected CspStatus onClientMessage(String data, int close) {
        if (close != 0) {
            return CspStatus.OK;
        }
        CspStatus written = write("gateway=" + gateway());
        return written.isClosed() ? CspStatus.OK : written;
    }

    @Override
    protected CspStatus onPostServer() {
        Board.put(key("post.gateway"), gateway());
        recordPostServer();
        return CspStatus.OK;
    }

    private String gateway() {
        try {
            return String.valueOf(getGatewayClientAddress());
        } catch (RuntimeException e) {
            return "EXCEPTION " + e.getClass().getName();
        }
    }
}
