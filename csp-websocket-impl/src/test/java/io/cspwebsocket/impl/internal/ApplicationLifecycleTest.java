package io.cspwebsocket.impl.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.cspwebsocket.CspClass;
import io.cspwebsocket.CspStatus;
import io.cspwebsocket.CspWebSocket;
import io.cspwebsocket.spi.CspCluster;
import io.cspwebsocket.spi.CspClusterContext;
import io.cspwebsocket.spi.CspClusterProvider;
import java.lang.reflect.Proxy;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * What an application leaves behind (SPEC §10): a constructor that fails starts no thread and
 * leaves no registry, and a stopped application leaves the static index, so that a library jar
 * shared by several applications pins none of their class loaders.
 */
class ApplicationLifecycleTest {

    /** Init parameter that makes {@link FailingClusterProvider} fail: {@code throw} or {@code bad-node}. */
    static final String FAIL = "io.cspwebsocket.test.failCluster";

    /** A cluster binding that fails to start when asked to; registered for this module's tests only. */
    public static final class FailingClusterProvider implements CspClusterProvider {
        /** Called by the service loader. */
        public FailingClusterProvider() {
        }

        @Override
        public CspCluster start(CspClusterContext context) throws Exception {
            String mode = context.initParameter(FAIL);
            if (mode == null) {
                return null; // not configured: every other test runs single-node
            }
            if (mode.equals("throw")) {
                throw new java.io.IOException("no such cluster");
            }
            return (CspCluster) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {CspCluster.class},
                    (self, method, args) -> method.getName().equals("nodeId") ? "not a node id!" : null);
        }
    }

    @CspClass("Test.Lifecycle")
    public static class Page extends CspWebSocket {
        /** Created by the runtime. */
        public Page() {
        }

        @Override
        protected CspStatus server() {
            return CspStatus.OK;
        }
    }

    @Test
    void aConstructorThatFailsLeavesNoThreadAndNoRegistry() {
        int live = ConnectionRegistry.liveApplications();
        for (String mode : List.of("throw", "bad-node")) {
            String name = "failing-" + mode;
            assertThrows(IllegalStateException.class, () -> new CspApplication(name, mapper(), CspConfig.DEFAULTS,
                    getClass().getClassLoader(), Map.of(FAIL, mode)::get), mode);
            assertFalse(heartbeatRunning(name), () -> "the heartbeat thread of " + name + " outlived its failed start");
            assertEquals(live, ConnectionRegistry.liveApplications(), () -> "a registry of " + name + " was left");
        }
    }

    @Test
    void aStoppedApplicationLeavesTheStaticIndex() throws Exception {
        int live = ConnectionRegistry.liveApplications();
        try (URLClassLoader own = new URLClassLoader(new URL[0], getClass().getClassLoader())) {
            CspApplication application = new CspApplication("indexed", mapper(), CspConfig.DEFAULTS, own);
            assertEquals(live + 1, ConnectionRegistry.liveApplications());
            application.shutdown();
            assertEquals(live, ConnectionRegistry.liveApplications(), "the stopped application is still indexed");
            assertFalse(heartbeatRunningAfterStop("indexed"), "the heartbeat outlived the application");
        }
    }

    private static ClsPathMapper mapper() {
        return ClsPathMapper.of(List.of(Page.class));
    }

    private static boolean heartbeatRunning(String name) {
        return Thread.getAllStackTraces().keySet().stream()
                .anyMatch(thread -> thread.getName().equals("csp-heartbeat " + name) && thread.isAlive());
    }

    private static boolean heartbeatRunningAfterStop(String name) throws InterruptedException {
        for (Thread thread : Thread.getAllStackTraces().keySet()) {
            if (thread.getName().equals("csp-heartbeat " + name)) {
                thread.join(5000);
                if (thread.isAlive()) {
                    return true;
                }
            }
        }
        return false;
    }
}
