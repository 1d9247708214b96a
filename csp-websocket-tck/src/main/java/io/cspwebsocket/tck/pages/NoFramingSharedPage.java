package io.cspwebsocket.tck.pages;

import io.cspwebsocket.CspClass;
import io.cspwebsocket.CspStatus;

/**
 * Turns on both {@code NoDataFraming} and {@code SharedConnection} in {@code onPreServer}
 * (SPEC §9), in the order of request parameter {@code order} ({@code framingFirst} or
 * {@code sharedFirst}), and catches what the second call throws. {@code server()} then also
 * tries {@code setNoDataFraming(false)} outside {@code onPreServer}, sends one report of
 * {@code key=value} lines, {@code caught} (exception from the second call in
 * {@code onPreServer}, or {@code none}), {@code shared} ({@code isSharedConnection()}),
 * {@code noFraming} ({@code isNoDataFraming()}), {@code server.setNoFraming} (exception, or
 * {@code none}), and returns {@code endServer()} (close 1000).
 */
@CspClass("TCK.NoFramingShared")
public class NoFramingSharedPage extends TckPage {

    /** The CSP class name. */
    public static final String NAME = "TCK.NoFramingShared";

    private volatile String caught = "not run";

    /** Created by the runtime. */
    public NoFramingSharedPage() {
    }

    @Override
    protected CspStatus onPreServer() {
        Throwable error = null;
        try {
            if ("sharedFirst".equals(getRequestParameter("order"))) {
                setSharedConnection(true);
                setNoDataFraming(true);
            } else {
                setNoDataFraming(true);
                setSharedConnection(true);
            }
        } catch (RuntimeException e) {
            error = e;
        }
        caught = Board.describe(error);
        return CspStatus.OK;
    }

    @Override
    protected CspStatus server() {
        Throwable late = null;
        try {
            setNoDataFraming(false);
        } catch (RuntimeException e) {
            late = e;
        }
        write("caught=" + caught + "\nshared=" + isSharedConnection() + "\nnoFraming=" + isNoDataFraming()
                + "\nserver.setNoFraming=" + Board.describe(late) + "\n");
        return endServer();
    }
}
