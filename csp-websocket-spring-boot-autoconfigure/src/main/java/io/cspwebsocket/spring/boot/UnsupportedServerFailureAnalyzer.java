package io.cspwebsocket.spring.boot;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Turns an {@link UnsupportedServerException}, wherever Boot wrapped it (a web server that could
 * not start, a bean that could not be created), into Boot's short start-up failure report.
 */
final class UnsupportedServerFailureAnalyzer extends AbstractFailureAnalyzer<UnsupportedServerException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, UnsupportedServerException cause) {
        return new FailureAnalysis(UnsupportedServerException.SUPPORTED + "; " + cause.found() + ".",
                UnsupportedServerException.ACTION, cause);
    }
}
