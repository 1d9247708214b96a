package io.cspwebsocket.spring.boot;

import io.cspwebsocket.impl.CspWebSocketStatistics;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The health of the pages, in words that Boot 3.5's and Boot 4.0's health APIs both take: UP on one
 * node or with a connected cluster binding, DOWN while the binding reports itself disconnected
 * (calls to sockets on other nodes then fail; this node's own sockets still work), UNKNOWN while no
 * page is served.
 */
final class CspWebSocketHealth {

    private final CspPagesInitializer pages;

    /** @param pages the initializer that starts the pages */
    CspWebSocketHealth(CspPagesInitializer pages) {
        this.pages = pages;
    }

    /**
     * The health now.
     *
     * @param status the status word ({@code UP}, {@code DOWN}, {@code UNKNOWN})
     * @param details what an operator reads with it
     */
    record Report(String status, Map<String, Object> details) {
    }

    /** @return the health now; cheap, no remote call */
    Report check() {
        CspWebSocketStatistics application = pages.statistics().orElse(null);
        Map<String, Object> details = new LinkedHashMap<>();
        if (application == null) {
            details.put("pages", "none served");
            return new Report("UNKNOWN", details);
        }
        details.put("application", application.application());
        details.put("openSockets", application.openSockets());
        CspWebSocketStatistics.Cluster cluster = application.cluster().orElse(null);
        if (cluster == null) {
            details.put("cluster", "none");
            return new Report("UP", details);
        }
        details.put("cluster", cluster.connected() ? "connected" : "disconnected");
        details.put("node", cluster.nodeId());
        details.put("binding", cluster.binding());
        return new Report(cluster.connected() ? "UP" : "DOWN", details);
    }
}
