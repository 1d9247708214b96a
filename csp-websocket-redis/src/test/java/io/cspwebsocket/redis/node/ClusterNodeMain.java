package io.cspwebsocket.redis.node;

import io.cspwebsocket.impl.CspInitParameters;
import io.cspwebsocket.impl.CspServletContainerInitializer;
import io.cspwebsocket.redis.RedisClusterParameters;
import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import java.util.Set;
import org.apache.catalina.Context;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.servlets.DefaultServlet;
import org.apache.catalina.startup.Tomcat;
import org.apache.tomcat.util.scan.StandardJarScanner;
import org.apache.tomcat.websocket.server.WsSci;

/**
 * One cluster node in its own JVM (the library's registry is static, so nodes cannot share one):
 * embedded Tomcat 10.1 on 127.0.0.1 and a free port, with {@link ClusterTestPage} registered
 * programmatically, the Redis binding configured by init parameters, and
 * {@link ClusterControlServlet} at {@code /ctl}.
 *
 * <p>Arguments: Redis URI, node id, lease, send timeout, then any number of {@code name=value}
 * context parameters. Prints {@code READY <port>} once serving.
 * Reading {@code stop} on standard input stops Tomcat (undeploy), then prints
 * {@code STOPPED threads=<names> threadLocals=<classes>}: the library's threads still alive and the
 * classes of thread-local values of the library, Lettuce, Netty or Reactor still held by any live
 * thread (none of either expected: either would pin a web application's class loader), then exits.
 */
public final class ClusterNodeMain {

    private ClusterNodeMain() {
    }

    /**
     * @param args Redis URI, node id, lease, send timeout, then {@code name=value} context parameters
     * @throws Exception if the node cannot start
     */
    public static void main(String[] args) throws Exception {
        File base = Files.createTempDirectory("csp-node-" + args[1]).toFile();
        Tomcat tomcat = new Tomcat();
        tomcat.setBaseDir(base.getAbsolutePath());
        Connector connector = new Connector();
        connector.setPort(0);
        connector.setProperty("address", "127.0.0.1");
        // Tomcat's defaults (8192 connections, a backlog of 100) are below what BroadcastScaleIT opens.
        connector.setProperty("maxConnections", "-1");
        connector.setProperty("acceptCount", "2048");
        tomcat.setConnector(connector);
        Context context = tomcat.addContext("", base.getAbsolutePath());
        // The page is registered below; scanning every class of the test class path for
        // @HandlesTypes takes seconds on a loaded machine and finds nothing more.
        StandardJarScanner scanner = (StandardJarScanner) context.getJarScanner();
        scanner.setScanClassPath(false);
        scanner.setScanManifest(false);
        context.addParameter(RedisClusterParameters.REDIS, args[0]);
        context.addParameter(RedisClusterParameters.NODE_ID, args[1]);
        context.addParameter(RedisClusterParameters.LEASE, args[2]);
        context.addParameter(CspInitParameters.SEND_TIMEOUT, args[3]);
        for (int i = 4; i < args.length; i++) {
            int equals = args[i].indexOf('=');
            context.addParameter(args[i].substring(0, equals), args[i].substring(equals + 1));
        }
        // addContext() has no default servlet: without one, upgrades to unmapped paths 404 too early.
        Tomcat.addServlet(context, "default", new DefaultServlet()).addMapping("/");
        Tomcat.addServlet(context, "ctl", new ClusterControlServlet()).addMapping("/ctl");
        context.addServletContainerInitializer(new WsSci(), null);
        context.addServletContainerInitializer(new CspServletContainerInitializer(), Set.of(ClusterTestPage.class));
        tomcat.start();
        if (!context.getState().isAvailable()) {
            System.out.println("FAILED context did not start");
            System.exit(2);
        }
        System.out.println("READY " + tomcat.getConnector().getLocalPort());
        System.out.flush();
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        for (String line = in.readLine(); line != null; line = in.readLine()) {
            if (line.equals("stop")) {
                tomcat.stop();
                tomcat.destroy();
                String threads = libraryThreadsLeft();
                System.out.println("STOPPED threads=" + threads + " threadLocals=" + libraryThreadLocalsLeft());
                System.out.flush();
                System.exit(0);
            }
        }
        System.exit(0); // the test went away
    }

    /**
     * Needs {@code --add-opens java.base/java.lang=ALL-UNNAMED}; reports {@code ?} without it.
     *
     * @return {@code <class>@<thread>} of each thread-local of Netty, Lettuce, Reactor or the
     *         library held by a live thread, comma-separated
     */
    public static String libraryThreadLocalsLeft() {
        java.util.Set<String> found = new java.util.TreeSet<>();
        try {
            java.lang.reflect.Field threadLocals = Thread.class.getDeclaredField("threadLocals");
            threadLocals.setAccessible(true);
            for (Thread thread : Thread.getAllStackTraces().keySet()) {
                Object map = threadLocals.get(thread);
                if (map == null) {
                    continue;
                }
                java.lang.reflect.Field tableField = map.getClass().getDeclaredField("table");
                tableField.setAccessible(true);
                for (Object entry : (Object[]) tableField.get(map)) {
                    if (entry == null) {
                        continue;
                    }
                    java.lang.reflect.Field valueField = entry.getClass().getDeclaredField("value");
                    valueField.setAccessible(true);
                    Object key = ((java.lang.ref.Reference<?>) entry).get();
                    Object value = valueField.get(entry);
                    for (Object held : new Object[] {key, value}) {
                        String name = held == null ? "" : held.getClass().getName();
                        if (name.startsWith("io.netty") || name.startsWith("io.lettuce") || name.startsWith("reactor.")
                                || name.startsWith("io.cspwebsocket")) {
                            found.add(name + "@" + thread.getName());
                        }
                    }
                }
            }
        } catch (ReflectiveOperationException | RuntimeException e) {
            return "?" + e;
        }
        return String.join(",", found);
    }

    private static String libraryThreadsLeft() throws InterruptedException {
        List<String> left = List.of();
        for (int i = 0; i < 100; i++) {
            left = Thread.getAllStackTraces().keySet().stream()
                    .filter(Thread::isAlive)
                    .map(Thread::getName)
                    .filter(name -> name.startsWith("csp-") || name.contains("lettuce") || name.contains("EventLoop")
                            || name.contains("globalEventExecutor"))
                    .sorted()
                    .toList();
            if (left.isEmpty()) {
                break;
            }
            Thread.sleep(50);
        }
        return String.join(",", left);
    }
}
