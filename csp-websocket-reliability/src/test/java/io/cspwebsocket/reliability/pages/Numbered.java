package io.cspwebsocket.reliability.pages;

import io.cspwebsocket.reliability.probe.Probe;

/** The suite's numbered messages, {@code #<n>:<payload>}: pages check the order they arrive in. */
final class Numbered {

    private final String webSocketId;
    private long expected;

    Numbered(String webSocketId) {
        this.webSocketId = webSocketId;
    }

    /** Checks one message; returns {@code false} (and tells the probe) if it is out of sequence. */
    boolean check(String message) {
        if (!message.startsWith("#")) {
            return true;
        }
        int colon = message.indexOf(':');
        long n = Long.parseLong(message.substring(1, colon < 0 ? message.length() : colon));
        if (n != expected) {
            Probe.count("sequence-errors");
            Probe.event(webSocketId, "sequence:" + expected + "!=" + n);
            expected = n + 1;
            return false;
        }
        expected++;
        return true;
    }

    long received() {
        return expected;
    }
}
