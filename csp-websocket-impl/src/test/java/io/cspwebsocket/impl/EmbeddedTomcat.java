package io.cspwebsocket.impl;

import java.io.File;
import java.nio.file.Files;
import java.util.Map;
import java.util.Set;
import org.apache.catalina.Context;
import org.apache.catalina.LifecycleException;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.servlets.DefaultServlet;
import org.apache.catalina.startup.Tomcat;
import org.apache.tomcat.websocket.server.WsSci;

/** An embedded Tomcat on 127.0.0.1 and a free port, serving pages registered programmatically. */
final class EmbeddedTomcat implements AutoCloseable {

    private final Tomcat tomcat = new Tomcat();
    private final Context context;

    EmbeddedTomcat(Map<String, String> initParameters, Class<?>... pages) throws Exception {
        this(200, initParameters, pages);
    }

    EmbeddedTomcat(int maxThreads, Map<String, String> initParameters, Class<?>... pages) throws Exception {
        File base = Files.createTempDirectory("csp-tomcat").toFile();
        tomcat.setBaseDir(base.getAbsolutePath());
        Connector connector = new Connector();
        connector.setPort(0);
        connector.setProperty("address", "127.0.0.1");
        connector.setProperty("maxThreads", Integer.toString(maxThreads));
        tomcat.setConnector(connector);
        context = tomcat.addContext("", base.getAbsolutePath());
        initParameters.forEach(context::addParameter);
        // addContext() has no default servlet: without one, upgrades to unmapped paths 404 too early.
        Tomcat.addServlet(context, "default", new DefaultServlet());
        context.addServletMappingDecoded("/", "default");
        context.addServletContainerInitializer(new WsSci(), null);
        context.addServletContainerInitializer(new CspServletContainerInitializer(), Set.of(pages));
        tomcat.start();
    }

    String url(String path) {
        return "ws://127.0.0.1:" + tomcat.getConnector().getLocalPort() + path;
    }

    String httpUrl(String path) {
        return "http://127.0.0.1:" + tomcat.getConnector().getLocalPort() + path;
    }

    Context context() {
        return context;
    }

    @Override
    public void close() throws LifecycleException {
        tomcat.stop();
        tomcat.destroy();
    }
}
