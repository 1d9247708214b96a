package io.cspwebsocket.impl.internal;

import io.cspwebsocket.CspWebSocket;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.util.List;

/**
 * One validated page class and where it is served: built once at deployment from its
 * {@link io.cspwebsocket.CspClass} annotation.
 *
 * @param pageClass the page class
 * @param cspName the CSP class name in the URL, without {@code .cls}
 * @param application the CSP application path, e.g. {@code /csp/user}
 * @param useSession the {@code UseSession} parameter
 * @param subprotocols the declared subprotocols; empty means echo the client's first
 * @param handlesClientMessages whether the page overrides {@code onClientMessage}
 * @param allowedOrigins cross-site origins allowed for this page
 * @param constructor the public no-argument constructor; {@code null} if the page has none, which
 *        only an application with a {@link io.cspwebsocket.impl.CspPageFactory} allows
 */
public record PageDescriptor(Class<? extends CspWebSocket> pageClass, String cspName, String application,
                             boolean useSession, List<String> subprotocols, boolean handlesClientMessages,
                             List<String> allowedOrigins, Constructor<? extends CspWebSocket> constructor) {

    /** @return the path inside the web application, e.g. {@code /csp/user/MyApp.Echo.cls} */
    public String path() {
        return application + "/" + cspName + ".cls";
    }

    /**
     * Creates the page instance for a new connection.
     *
     * @return a new page
     * @throws IllegalStateException if the constructor throws
     */
    public CspWebSocket newPage() {
        if (constructor == null) {
            throw new IllegalStateException(pageClass.getName() + " has no public no-argument constructor");
        }
        try {
            return constructor.newInstance();
        } catch (InvocationTargetException e) {
            throw new IllegalStateException("constructor of " + pageClass.getName() + " threw", e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot instantiate " + pageClass.getName(), e);
        }
    }
}
