package io.cspwebsocket.redis;

import io.cspwebsocket.spi.CspLocalNode;
import io.lettuce.core.RedisFuture;
import java.lang.System.Logger.Level;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Keeps this node's lease ({@link NodeLeases}): renews it every third of the lease and after each
 * reconnection, and acts on what a renewal finds. An expired lease means the other nodes have
 * answered 7951 for this node's ids, so its sockets are closed (fencing); a lease lost with Redis's
 * data means its sockets are listed again; a rival incarnation means another process has this
 * node id.
 *
 * <p>Renewals are sent from the timer thread; their outcomes are handled on a callback thread.
 */
final class LeaseKeeper {

    private static final System.Logger LOG = System.getLogger("io.cspwebsocket.redis");

    private final RedisSettings settings;
    private final Keys keys;
    private final NodeLeases leases;
    private final RedisConnections redis;
    private final SocketDirectory directory;
    private final CspLocalNode local;
    private final Runnable afterRenewal;
    private final AtomicBoolean renewing = new AtomicBoolean();
    private volatile boolean stopped;
    private volatile String rivalIncarnation;
    private volatile ScheduledFuture<?> renewal;

    /**
     * @param afterRenewal runs on a callback thread after each renewal that found the lease this
     *        node's (or lost with Redis's data): checks that need Redis and a live node
     */
    LeaseKeeper(RedisSettings settings, Keys keys, NodeLeases leases, RedisConnections redis, SocketDirectory directory,
                CspLocalNode local, Runnable afterRenewal) {
        this.afterRenewal = afterRenewal;
        this.settings = settings;
        this.keys = keys;
        this.leases = leases;
        this.redis = redis;
        this.directory = directory;
        this.local = local;
    }

    /** Starts renewing (the lease has been taken). */
    void start() {
        redis.onReconnect(() -> {
            // The server reached may be a replica promoted without this node's last writes (Sentinel).
            directory.markDirty();
            redis.timer().execute(this::renew);
        });
        long period = Math.max(1, settings.renewalPeriod().toMillis());
        renewal = redis.timer().scheduleAtFixedRate(this::renew, period, period, TimeUnit.MILLISECONDS);
    }

    /** Stops renewing, for good. */
    void stop() {
        stopped = true;
        ScheduledFuture<?> scheduled = renewal;
        if (scheduled != null) {
            scheduled.cancel(false);
        }
    }

    /** On the timer thread, every third of the lease and after a reconnection. */
    private void renew() {
        if (stopped || !renewing.compareAndSet(false, true)) {
            return;
        }
        RedisFuture<String> found;
        try {
            found = leases.renew(redis.state());
        } catch (RuntimeException e) {
            renewing.set(false);
            return;
        }
        found.whenCompleteAsync((answer, failure) -> {
            try {
                if (failure != null || stopped) {
                    return; // Redis away: the reconnection renews
                }
                switch (NodeLeases.renewal(answer)) {
                    case OK -> {
                        if (directory.isDirty()) {
                            directory.resync();
                        }
                        afterRenewal.run();
                    }
                    case LOST -> {
                        LOG.log(Level.INFO, "csp-websocket: cluster node " + settings.nodeId() + " found its lease gone with Redis's"
                                + " data (Redis restarted without it); listing its open sockets again");
                        directory.resync();
                        afterRenewal.run();
                    }
                    case EXPIRED -> fence("its lease expired (this node stalled or was cut off from Redis for longer"
                            + " than " + settings.lease().toMillis() + " ms), so other nodes have answered 7951 for its ids");
                    case RIVAL -> rival(answer);
                    default -> throw new IllegalStateException(answer);
                }
            } finally {
                renewing.set(false);
            }
        }, redis.callbacks());
    }

    /**
     * The cluster has been told this node's sockets are closed: close them, so that no id once
     * answered 7951 comes back (the IRIS trap of stale ids that look alive). New sockets get new ids.
     */
    private void fence(String why) {
        var open = local.openSockets().keySet();
        LOG.log(Level.WARNING, "csp-websocket: cluster node " + settings.nodeId() + ": " + why + "; closing its " + open.size()
                + " open sockets");
        for (String id : open) {
            local.endServer(id);
        }
        directory.resync();
    }

    /**
     * Another process holds this node id's lease (it took over after this one's lease expired, or
     * two nodes share an id): this one closes its sockets, stops renewing and stops listening on the
     * node's channel, so that only the holder answers for ids of this node. It stays out of the
     * cluster until it is restarted; its own calls to other nodes still work.
     */
    private void rival(String answer) {
        String other = answer.substring(answer.indexOf(' ') + 1);
        if (other.equals(rivalIncarnation)) {
            return;
        }
        rivalIncarnation = other;
        LOG.log(Level.ERROR, "csp-websocket: another process holds the lease of cluster node " + settings.nodeId()
                + " (key prefix '" + settings.keyPrefix() + "'): either two nodes share that "
                + RedisClusterParameters.NODE_ID + ", or this one was replaced after its lease expired;"
                + " closing this one's sockets and leaving the node's channel to the other");
        stop();
        try {
            redis.pubSub().unsubscribe(redis.subscriptions().async(), keys.nodeChannel(settings.nodeId()),
                    keys.broadcastChannel());
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "csp-websocket: cluster node " + settings.nodeId() + " could not unsubscribe: " + e);
        }
        for (String id : local.openSockets().keySet()) {
            local.endServer(id);
        }
    }
}
