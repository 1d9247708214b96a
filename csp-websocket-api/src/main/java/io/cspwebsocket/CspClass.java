package io.cspwebsocket;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a concrete subclass of {@link CspWebSocket} as a page and gives its CSP URL.
 *
 * <p>A page annotated {@code @CspClass(value = "MyApp.MyWebSocketServer", application =
 * "/csp/user")} is served at {@code <context path>/csp/user/MyApp.MyWebSocketServer.cls}, the URL
 * IRIS gives the class {@code MyApp.MyWebSocketServer} in the CSP application {@code /csp/user}.
 * Pages in a WAR are found at deployment; no {@code web.xml} entry is needed.
 *
 * <p>Deployment fails, naming the class, if the annotated class is abstract, has no public
 * no-argument constructor or does not extend {@link CspWebSocket}; it also fails if two pages
 * claim the same URL.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface CspClass {

    /**
     * The CSP class name as it appears in the URL, without {@code .cls}, e.g.
     * {@code "MyApp.MyWebSocketServer"}. Case-sensitive. Empty (the default) means the page's
     * Java fully-qualified class name.
     *
     * @return the CSP class name
     */
    String value() default "";

    /**
     * The CSP application path the page belongs to, starting with {@code /}, e.g.
     * {@code "/csp/user"} (the default, IRIS's USER namespace application).
     *
     * @return the application path
     */
    String application() default "/csp/user";

    /**
     * The IRIS {@code UseSession} class parameter: whether the socket is bound to the HTTP
     * session of its handshake, which is created if the request had none. Default {@code true},
     * as in current IRIS.
     *
     * @return whether a session is used
     */
    boolean useSession() default true;

    /**
     * The subprotocols the page speaks, in order of preference. When empty (the default) the
     * first protocol the client offers is echoed, as the IRIS gateway does. When not empty, the
     * first client-offered protocol that is listed here is selected, none otherwise.
     *
     * @return the declared subprotocols
     */
    String[] subprotocols() default {};

    /**
     * Origins allowed to open this page from another site, e.g. {@code "https://app.example.com"},
     * in addition to the application-wide list ({@code io.cspwebsocket.allowedOrigins}).
     * Handshakes without an {@code Origin} header and same-origin handshakes are always allowed;
     * any other origin (including {@code Origin: null}) is refused with HTTP 403 unless listed.
     * {@code "*"} allows every origin. Default: none. (Beyond IRIS: this guards session-bound
     * sockets against cross-site WebSocket hijacking.)
     *
     * @return the allowed cross-site origins
     */
    String[] allowedOrigins() default {};
}
