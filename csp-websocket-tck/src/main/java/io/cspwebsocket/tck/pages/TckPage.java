package io.cspwebsocket.tck.pages;

import io.cspwebsocket.CspStatus;
import io.cspwebsocket.CspWebSocket;

/**
 * Unannotated abstract base of the fixture pages: gives each page the test's token (request
 * parameter {@code t}) and board keys under it. Being an unannotated abstract subclass of
 * {@link CspWebSocket} in the WAR, it also checks that such classes do not fail the deployment
 * (SPEC §1.3).
 *
 * <p>Internal TCK use only.
 */
public abstract class TckPage extends CspWebSocket {

    private volatile String token;

    /** For subclasses. */
    protected TckPage() {
    }

    /** @return the test's token: request parameter {@code t}, or {@code "none"} */
    protected final String token() {
        String known = token;
        if (known == null) {
            String given = getRequestParameter("t");
            known = given == null || given.isEmpty() ? "none" : given;
            token = known;
        }
        return known;
    }

    /**
     * @param name a fact's name
     * @return the board key {@code <token>.<name>}
     */
    protected final String key(String name) {
        return token() + "." + name;
    }

    /**
     * @param name an integer request parameter
     * @param otherwise its default
     * @return its value
     */
    protected final int intParam(String name, int otherwise) {
        String value = getRequestParameter(name);
        return value == null || value.isEmpty() ? otherwise : Integer.parseInt(value);
    }

    /**
     * @param name a request parameter
     * @param otherwise its default
     * @return its value
     */
    protected final String param(String name, String otherwise) {
        String value = getRequestParameter(name);
        return value == null ? otherwise : value;
    }

    /**
     * @param status a status, possibly {@code null}
     * @return its code as text
     */
    protected static String code(CspStatus status) {
        return status == null ? "null" : Integer.toString(status.code());
    }

    /** Records {@code onPostServer}'s run count and the close code and reason it saw. */
    protected final void recordPostServer() {
        Board.put(key("closeCode"), Integer.toString(getCloseCode()));
        Board.put(key("closeReason"), String.valueOf(getCloseReason()));
        Board.increment(key("post"));
    }

    /**
     * @param name a session attribute
     * @return its value as text, or {@code EXCEPTION <class>} if reading it threw
     */
    protected final String sessionAttribute(String name) {
        try {
            return String.valueOf(getSessionAttribute(name));
        } catch (RuntimeException e) {
            return "EXCEPTION " + e.getClass().getName();
        }
    }

    /**
     * @param name a session attribute
     * @param value its new value
     * @return {@code none}, or {@code EXCEPTION <class>} if setting it threw
     */
    protected final String trySetSessionAttribute(String name, String value) {
        try {
            setSessionAttribute(name, value);
            return "none";
        } catch (RuntimeException e) {
            return "EXCEPTION " + e.getClass().getName();
        }
    }

    /**
     * Obeys one session command of a client message: {@code sid} (writes {@code sid=<id>}),
     * {@code get N} ({@code N=<value>}), {@code set N V} ({@code set N}), {@code endOnClose}
     * (sets {@code SessionEndOnClose}; writes {@code endOnClose}), {@code end} (ends the socket);
     * anything else is echoed.
     *
     * @param data the client message
     * @return the status of {@code endServer()} for {@code end}; {@code null} otherwise
     */
    protected final CspStatus sessionCommand(String data) {
        String[] command = data.split(" ", 3);
        switch (command[0]) {
            case "sid" -> write("sid=" + getSessionId());
            case "get" -> write(command[1] + "=" + sessionAttribute(command[1]));
            case "set" -> {
                setSessionAttribute(command[1], command[2]);
                write("set " + command[1]);
            }
            case "endOnClose" -> {
                setSessionEndOnClose(true);
                write("endOnClose");
            }
            case "end" -> {
                return endServer();
            }
            default -> write(data);
        }
        return null;
    }
}
