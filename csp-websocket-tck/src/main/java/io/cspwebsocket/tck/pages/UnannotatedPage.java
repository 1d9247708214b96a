package io.cspwebsocket.tck.pages;

import io.cspwebsocket.CspStatus;

/**
 * A concrete subclass of {@code CspWebSocket} without {@code @CspClass}: not a page. Naming it
 * in a URL must give 404 without initializing it (SPEC §1.1, §1.4).
 */
public class UnannotatedPage extends TckPage {

    /** The board key its static initializer sets. */
    public static final String INITIALIZED_KEY = "static.UnannotatedPage";

    static {
        Board.put(INITIALIZED_KEY, "initialized");
    }

    /** Never called by a correct runtime. */
    public UnannotatedPage() {
        Board.put("instantiated.UnannotatedPage", "yes");
    }

    @Override
    protected CspStatus server() {
        write("unannotated page was served");
        return CspStatus.OK;
    }
}
