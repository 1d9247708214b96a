package io.cspwebsocket.impl.internal;

import java.util.List;

/**
 * Thrown at deployment when page classes are invalid or collide (SPEC §1.3). The container
 * then fails the deployment with this message, which names every offending class.
 */
public final class PageDeploymentException extends IllegalStateException {

    private static final long serialVersionUID = 1L;

    private final List<String> problems;

    PageDeploymentException(List<String> problems) {
        super("csp-websocket: invalid page classes: " + String.join("; ", problems));
        this.problems = List.copyOf(problems);
    }

    /** @return one line per problem */
    public List<String> problems() {
        return problems;
    }
}
