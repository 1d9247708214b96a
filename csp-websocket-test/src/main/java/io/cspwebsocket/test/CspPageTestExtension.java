package io.cspwebsocket.test;

import io.cspwebsocket.CspWebSocket;
import java.lang.reflect.AnnotatedElement;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * The JUnit 5 extension behind {@link CspPageTest}: creates the test's {@link CspTestRuntime}
 * at its first use, resolves {@link CspTestRuntime}, {@link TestClock} and {@link PageClient}
 * parameters, and shuts the runtime down after the test (a leaked page thread fails the test).
 * Before the first test class of a JVM it opens and closes one socket of a runtime of its own, so
 * that the JVM's one-time costs do not count to the first test.
 * Use it through the annotation.
 */
public final class CspPageTestExtension implements BeforeAllCallback, ParameterResolver, AfterEachCallback {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(CspPageTestExtension.class);
    private static final String RUNTIME = "runtime";

    /** Created by JUnit. */
    public CspPageTestExtension() {
    }

    /** The one-time costs of the JVM's first runtime go to the class's set-up, not to its first test. */
    @Override
    public void beforeAll(ExtensionContext context) {
        JvmWarmUp.once();
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        return type == CspTestRuntime.class || type == TestClock.class || type == PageClient.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        CspTestRuntime runtime = runtime(context);
        if (type == CspTestRuntime.class) {
            return runtime;
        }
        if (type == TestClock.class) {
            return runtime.clock();
        }
        Class<? extends CspWebSocket>[] pages = settings(context).value();
        if (pages.length != 1) {
            throw new ParameterResolutionException("a PageClient parameter needs exactly one page in @CspPageTest, not "
                    + pages.length + "; open sockets with CspTestRuntime.open(page) instead");
        }
        return runtime.open(pages[0]).connect();
    }

    @Override
    public void afterEach(ExtensionContext context) {
        CspTestRuntime runtime = context.getStore(NAMESPACE).remove(RUNTIME, CspTestRuntime.class);
        if (runtime != null) {
            runtime.shutdown(); // an AssertionError here fails the test
        }
    }

    private static CspTestRuntime runtime(ExtensionContext context) {
        ExtensionContext.Store store = context.getStore(NAMESPACE);
        CspTestRuntime runtime = store.get(RUNTIME, CspTestRuntime.class);
        if (runtime == null) {
            CspPageTest settings = settings(context);
            runtime = CspTestRuntime.builder().pages(settings.value()).allowedOrigins(settings.allowedOrigins())
                    .shutdownTimeout(Duration.ofMillis(settings.shutdownTimeoutMillis())).start();
            store.put(RUNTIME, runtime);
        }
        return runtime;
    }

    /** The annotation on the test method if it has one, else on its class (or an enclosing class). */
    private static CspPageTest settings(ExtensionContext context) {
        Optional<CspPageTest> onMethod = context.getTestMethod().flatMap(method -> find(method));
        if (onMethod.isPresent()) {
            return onMethod.get();
        }
        for (Class<?> type = context.getTestClass().orElse(null); type != null; type = type.getEnclosingClass()) {
            Optional<CspPageTest> found = find(type);
            if (found.isPresent()) {
                return found.get();
            }
        }
        throw new ParameterResolutionException("no @CspPageTest naming the pages on " + context.getDisplayName());
    }

    private static Optional<CspPageTest> find(AnnotatedElement element) {
        return AnnotationSupport.findAnnotation(element, CspPageTest.class);
    }
}
