package io.cspwebsocket.impl.internal;

import io.cspwebsocket.impl.CspWebSocketsMXBean;
import java.lang.management.ManagementFactory;
import java.util.Map;
import java.util.TreeMap;
import javax.management.InstanceAlreadyExistsException;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;

/**
 * The {@link CspWebSocketsMXBean} of one application. Unregistered at shutdown: a bean left in
 * the platform server would pin the web application's class loader after undeploy.
 */
final class ApplicationMBean implements CspWebSocketsMXBean {

    private final CspApplication application;
    private final Metrics metrics;
    private ObjectName registeredAs;

    ApplicationMBean(CspApplication application, Metrics metrics) {
        this.application = application;
        this.metrics = metrics;
    }

    void register(String name) {
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        for (int attempt = 1; attempt <= 100; attempt++) {
            String label = attempt == 1 ? name : name + " #" + attempt; // embedded servers may reuse a path
            try {
                ObjectName objectName = new ObjectName("io.cspwebsocket:type=CspWebSockets,application="
                        + ObjectName.quote(label));
                server.registerMBean(this, objectName);
                registeredAs = objectName;
                return;
            } catch (InstanceAlreadyExistsException taken) {
                // try the next label
            } catch (JMException | RuntimeException e) {
                Log.warn(null, "cannot register the csp-websocket MBean for " + name + ": " + e);
                return;
            }
        }
    }

    void unregister() {
        if (registeredAs != null) {
            try {
                ManagementFactory.getPlatformMBeanServer().unregisterMBean(registeredAs);
            } catch (JMException | RuntimeException e) {
                Log.debug(null, "MBean " + registeredAs + " already gone: " + e);
            }
            registeredAs = null;
        }
    }

    @Override
    public int getOpenSockets() {
        return application.openConnections();
    }

    @Override
    public Map<String, Integer> getOpenSocketsByPage() {
        Map<String, Integer> counts = new TreeMap<>();
        application.forEachConnection(connection -> counts.merge(connection.descriptor().cspName()
                + (connection.page().isSharedConnection() ? " (shared)" : " (synchronous)"), 1, Integer::sum));
        return counts;
    }

    @Override
    public long getOpenedSockets() {
        return metrics.opened.sum();
    }

    @Override
    public long getMessagesIn() {
        return application.traffic(Traffic.Count.MESSAGES_IN);
    }

    @Override
    public long getMessagesOut() {
        return application.traffic(Traffic.Count.MESSAGES_OUT);
    }

    @Override
    public long getRefusedHandshakes() {
        return metrics.refusedWith403();
    }

    @Override
    public long getSendTimeouts() {
        return metrics.sendTimeouts.sum();
    }

    @Override
    public long getCallbackErrors() {
        return metrics.callbackErrors.sum();
    }

    @Override
    public int getLibraryThreads() {
        return application.threads().liveCount();
    }

    @Override
    public boolean isVirtualThreads() {
        return application.threads().virtual();
    }
}
