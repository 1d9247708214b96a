package io.cspwebsocket.tck.pages;

/**
 * Not a page: a class in the WAR whose static initializer leaves a mark on the {@link Board}.
 * Naming it in a URL must give 404 without loading it (SPEC §1.4).
 */
public final class NotAPage {

    /** The board key its static initializer sets. */
    public static final String INITIALIZED_KEY = "static.NotAPage";

    static {
        Board.put(INITIALIZED_KEY, "initialized");
    }

    private NotAPage() {
    }
}
