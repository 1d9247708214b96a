package io.cspwebsocket.impl.internal;

import io.cspwebsocket.impl.CspWebSocketStatistics;
import java.util.List;
import java.util.Optional;

/** The {@link CspWebSocketStatistics} of one application: reads its {@link Metrics} and its cluster link. */
final class ApplicationStatistics implements CspWebSocketStatistics {

    private final CspApplication application;
    private final Metrics metrics;
    private final String name;

    ApplicationStatistics(CspApplication application, Metrics metrics, String name) {
        this.application = application;
        this.metrics = metrics;
        this.name = name;
    }

    @Override
    public String application() {
        return name;
    }

    @Override
    public List<Page> pages() {
        return List.copyOf(metrics.pages());
    }

    @Override
    public long openSockets() {
        return application.openConnections();
    }

    @Override
    public long messagesIn() {
        return application.traffic(Traffic.Count.MESSAGES_IN);
    }

    @Override
    public long messagesOut() {
        return application.traffic(Traffic.Count.MESSAGES_OUT);
    }

    @Override
    public long bytesIn() {
        return application.traffic(Traffic.Count.BYTES_IN);
    }

    @Override
    public long bytesOut() {
        return application.traffic(Traffic.Count.BYTES_OUT);
    }

    @Override
    public long refusedHandshakes(Refusal reason) {
        return metrics.refusedHandshakes(reason);
    }

    @Override
    public long sendTimeouts() {
        return metrics.sendTimeouts.sum();
    }

    @Override
    public long callbackErrors() {
        return metrics.callbackErrors.sum();
    }

    @Override
    public Optional<Cluster> cluster() {
        ClusterLink link = application.clusterLink();
        if (link == null) {
            return Optional.empty();
        }
        boolean connected;
        try {
            connected = link.cluster().isConnected();
        } catch (RuntimeException e) {
            // A binding that cannot even answer this is not one to route through.
            Log.debug(null, "cluster binding of " + name + " failed to report its connection: " + e);
            connected = false;
        }
        return Optional.of(new Cluster(link.cluster().getClass().getName(), link.localNode(), connected));
    }

    @Override
    public String toString() {
        return "CspWebSocketStatistics[" + name + "]";
    }
}
