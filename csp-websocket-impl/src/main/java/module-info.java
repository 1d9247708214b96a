/**
 * csp-websocket's runtime: serves {@link io.cspwebsocket.CspWebSocket} pages on a Jakarta
 * WebSocket container and provides the page API's {@link io.cspwebsocket.spi.CspRuntime}.
 *
 * <p>In a web application (a WAR, a Spring Boot jar) every jar is on the class path and this
 * descriptor only names the module: the container finds {@code CspServletContainerInitializer}
 * through {@code META-INF/services}. On the module path:
 * <ul>
 *   <li>Only {@code io.cspwebsocket.impl} is exported. The core, {@code io.cspwebsocket.impl.internal},
 *       is exported to the in-memory test kit alone, which runs pages on it.</li>
 *   <li>The Jakarta Servlet and WebSocket APIs (and CDI's) are {@code requires static}: the container
 *       provides them, and the test kit runs the core with none. Not {@code transitive}, though two
 *       exported classes use their types ({@code CspServletContainerInitializer}, {@code CspEndpoints}):
 *       {@code requires static transitive} would make every module that reads this one need them
 *       to compile, the test kit and its users too.</li>
 *   <li>The servlet initializer is not declared with {@code provides}: on Java 17 a module that
 *       provides a service of an absent {@code requires static} module fails to resolve (JDK 25
 *       accepts it), which would take the test kit off the module path. Containers read the
 *       {@code META-INF/services} files of an application's jars themselves.</li>
 *   <li>A page module exports its page packages to the module that creates the pages: this one
 *       when it serves them (it calls the page's public no-argument constructor, without
 *       {@code setAccessible}), {@code io.cspwebsocket.test} when the test kit serves them, or
 *       everyone. Nothing has to be opened: {@code @CspClass} and the page's declared methods are
 *       read without access checks. Creating a page of a package not exported fails with an
 *       {@code IllegalAccessException} that names the missing export.</li>
 * </ul>
 */
@SuppressWarnings("module") // the qualified export names the test kit, which is not on this module's path
module io.cspwebsocket.impl {
    requires transitive io.cspwebsocket;
    requires static jakarta.servlet;
    requires static jakarta.websocket;
    requires static jakarta.cdi;
    requires java.management;

    exports io.cspwebsocket.impl;
    exports io.cspwebsocket.impl.internal to io.cspwebsocket.test;

    uses io.cspwebsocket.spi.CspClusterProvider;

    provides io.cspwebsocket.spi.CspRuntime with io.cspwebsocket.impl.internal.LocalRuntime;
}
