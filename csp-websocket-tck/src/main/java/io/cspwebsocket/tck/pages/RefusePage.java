package io.cspwebsocket.tck.pages;

import io.cspwebsocket.CspClass;
import io.cspwebsocket.CspStatus;

/**
 * Refuses the connection in {@code onPreServer} (SPEC §2.2): request parameter {@code mode} is
 * {@code error} (returns an error status), {@code throw} (throws) or anything else (accepts).
 * Records {@code pre}, {@code server} and {@code post} run counts under the token.
 */
@CspClass("TCK.Refuse")
public class RefusePage extends TckPage {

    /** The CSP class name. */
    public static final String NAME = "TCK.Refuse";

    /** Created by the runtime. */
    public RefusePage() {
    }

    @Override
    protected CspStatus onPreServer() {
        Board.increment(key("pre"));
        return switch (param("mode", "ok")) {
            case "error" -> CspStatus.error("refused by the TCK (SECRET-" + token() + ")");
            case "throw" -> throw new IllegalStateException("refused by the TCK (SECRET-" + token() + ")");
            default -> CspStatus.OK;
        };
    }

    @Override
    protected CspStatus server() {
        Board.increment(key("server"));
        write("accepted");
        return CspStatus.OK;
    }

    @Override
    protected CspStatus onPostServer() {
        recordPostServer();
        return CspStatus.OK;
    }
}
