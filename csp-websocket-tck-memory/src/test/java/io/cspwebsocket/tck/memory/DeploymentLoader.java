package io.cspwebsocket.tck.memory;

import java.net.URL;
import java.net.URLClassLoader;

/**
 * The class loader of one in-memory deployment: it loads the TCK's fixture package
 * ({@code io.cspwebsocket.tck.pages}: pages, board, probe) itself, child first, as a WAR's
 * {@code WEB-INF/classes} are loaded by the WAR's own loader; everything else (the library, the
 * JDK) comes from the test's class path, as from a server's shared {@code lib/}. So each
 * deployment has page classes, a {@code Board} and probe state of its own, and {@code openIds}
 * and {@code broadcast} of one never see another's sockets, as between two WARs in one server.
 */
final class DeploymentLoader extends URLClassLoader {

    static {
        registerAsParallelCapable();
    }

    /** The package a WAR of the TCK holds in {@code WEB-INF/classes}. */
    static final String FIXTURES = "io.cspwebsocket.tck.pages.";

    /**
     * @param name the deployment's name, for the loader's name
     * @param fixtures the class-path entry (the TCK's jar or classes folder) holding {@link #FIXTURES}
     * @param parent the test's class loader
     */
    DeploymentLoader(String name, URL fixtures, ClassLoader parent) {
        super("csp-tck-memory " + name, new URL[] {fixtures}, parent);
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
        if (!name.startsWith(FIXTURES)) {
            return super.loadClass(name, resolve);
        }
        synchronized (getClassLoadingLock(name)) {
            Class<?> type = findLoadedClass(name);
            if (type == null) {
                type = findClass(name);
            }
            if (resolve) {
                resolveClass(type);
            }
            return type;
        }
    }
}
