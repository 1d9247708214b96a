package io.cspwebsocket.impl;

import io.cspwebsocket.CspClass;
import io.cspwebsocket.impl.internal.CspApplication;
import io.cspwebsocket.impl.internal.CspConfig;
import io.cspwebsocket.impl.internal.ClsPathMapper;
import io.cspwebsocket.impl.internal.ConnectionRegistry;
import io.cspwebsocket.impl.internal.Deployment;
import io.cspwebsocket.impl.internal.Log;
import jakarta.servlet.ServletContainerInitializer;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.HandlesTypes;
import java.util.Set;

/**
 * Finds the {@link CspClass} pages of a web application and serves them (SPEC §1.2): dropping a
 * WAR with the pages, csp-websocket-api and csp-websocket-impl into Tomcat or Payara is all the
 * set-up, no {@code web.xml} needed. The container discovers this class through
 * {@code META-INF/services/jakarta.servlet.ServletContainerInitializer}.
 *
 * <p>For embedded servers that do not scan, register pages programmatically before the context
 * starts, e.g. on embedded Tomcat:
 * <pre>{@code
 * Context context = tomcat.addContext("", docBase);
 * context.addServletContainerInitializer(new WsSci(), null);   // Tomcat's WebSocket support
 * context.addServletContainerInitializer(new CspServletContainerInitializer(), Set.of(MyWebSocketServer.class));
 * }</pre>
 *
 * <p>Deployment fails with a message naming the classes if a {@code @CspClass} is abstract, lacks
 * a public no-argument constructor, does not extend {@code CspWebSocket}, or shares its URL with
 * another page (§1.3).
 */
@HandlesTypes(CspClass.class)
public final class CspServletContainerInitializer implements ServletContainerInitializer {

    /** Called by the container (or by an embedded server's set-up code). */
    public CspServletContainerInitializer() {
    }

    @Override
    public void onStartup(Set<Class<?>> pageClasses, ServletContext context) throws ServletException {
        ClsPathMapper mapper = ClsPathMapper.of(pageClasses);
        if (mapper.isEmpty()) {
            return;
        }
        CspConfig config;
        try {
            config = CspConfig.from(context::getInitParameter);
        } catch (IllegalArgumentException e) {
            throw new ServletException("csp-websocket: " + e.getMessage(), e);
        }
        String name = context.getContextPath().isEmpty() ? "/" : context.getContextPath();
        CspApplication application;
        try {
            application = new CspApplication(name, mapper, config, ConnectionRegistry.global(), context::getInitParameter);
        } catch (IllegalStateException e) {
            throw new ServletException(e.getMessage(), e);
        }
        Deployment.install(context, application);
        Log.info("csp-websocket: " + name + " serves " + mapper.pages().size() + " page(s) "
                + mapper.pages().stream().map(p -> p.path()).sorted().toList()
                + (application.threads().virtual() ? " on virtual threads" : " on platform threads"));
    }
}
