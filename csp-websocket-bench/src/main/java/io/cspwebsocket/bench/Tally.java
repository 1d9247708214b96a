package io.cspwebsocket.bench;

import java.util.ArrayList;
import java.util.List;

/** What every scenario must account for: messages expected and received, and anything that went wrong. */
final class Tally {

    long messagesExpected;
    long messagesReceived;
    long corrupt;
    long connectFailures;
    long unexpectedCloses;
    final List<String> problems = new ArrayList<>();

    /** @return messages that never arrived */
    long lost() {
        return Math.max(0, messagesExpected - messagesReceived);
    }

    /**
     * Records a problem (a lost message, a failed connection...): the run is then not clean.
     *
     * @param problem what happened, with the scenario and server
     */
    synchronized void problem(String problem) {
        if (problems.size() < 50) {
            problems.add(problem);
        }
    }

    /**
     * Adds another tally's counts.
     *
     * @param other the other tally
     */
    synchronized void add(Tally other) {
        messagesExpected += other.messagesExpected;
        messagesReceived += other.messagesReceived;
        corrupt += other.corrupt;
        connectFailures += other.connectFailures;
        unexpectedCloses += other.unexpectedCloses;
        other.problems.forEach(this::problem);
    }
}
