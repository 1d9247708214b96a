package io.cspwebsocket.tck.payara;

import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.InvocationTargetException;
import java.util.Collection;
import java.util.regex.Pattern;

/**
 * Runs inside Payara Micro, in the helper application that {@link SharedPayaraMicroContainer}
 * starts the server with: deploys and undeploys the TCK's archives in this same server through
 * Payara Micro's own runtime API ({@code fish.payara.micro.PayaraMicroRuntime}), so that one
 * server process serves a whole test run and two deployments of one test can see each other
 * (SPEC §10 undeploy, §8.2 allow-all deployment).
 *
 * <p>The API is reached by reflection through the system class loader, which holds Payara
 * Micro's launcher classes; nothing here is compiled against Payara. Requests, answered in
 * {@code text/plain}:
 * <ul>
 *   <li>{@code POST deployer?op=deploy&name=N} with the archive as body: deploys it at
 *       {@code /N}; 200, or 500 with the reason;</li>
 *   <li>{@code POST deployer?op=undeploy&name=N}: undeploys it (returns when done);</li>
 *   <li>{@code GET deployer?op=pid}: this server's process id.</li>
 * </ul>
 * The listener is bound to 127.0.0.1 only (payara-preboot.txt). Internal TCK use only.
 */
@WebServlet("/deployer")
public class PayaraDeployerServlet extends HttpServlet {

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,99}");

    /** Created by the container. */
    public PayaraDeployerServlet() {
    }

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        if ("pid".equals(req.getParameter("op"))) {
            answer(resp, 200, Long.toString(ProcessHandle.current().pid()));
        } else {
            answer(resp, 400, "unknown op");
        }
    }

    @Override
    protected void doPost(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        String op = req.getParameter("op");
        String name = req.getParameter("name");
        if (name == null || !NAME.matcher(name).matches()) {
            answer(resp, 400, "bad name " + name);
            return;
        }
        try {
            Object runtime = runtime();
            Class<?> api = runtimeInterface();
            if ("deploy".equals(op)) {
                boolean deployed;
                try (InputStream archive = req.getInputStream()) {
                    deployed = (Boolean) api.getMethod("deploy", String.class, String.class, InputStream.class)
                            .invoke(runtime, name, "/" + name, archive);
                }
                if (!deployed || !deployedNames(runtime, api).contains(name)) {
                    answer(resp, 500, "Payara Micro did not deploy " + name + " (see the server log above)");
                    return;
                }
                answer(resp, 200, "deployed " + name);
            } else if ("undeploy".equals(op)) {
                api.getMethod("undeploy", String.class).invoke(runtime, name);
                answer(resp, 200, "undeployed " + name);
            } else {
                answer(resp, 400, "unknown op " + op);
            }
        } catch (InvocationTargetException e) {
            answer(resp, 500, String.valueOf(e.getCause()));
        } catch (ReflectiveOperationException | RuntimeException e) {
            answer(resp, 500, String.valueOf(e));
        }
    }

    private static Collection<?> deployedNames(Object runtime, Class<?> api) throws ReflectiveOperationException {
        return (Collection<?>) api.getMethod("getDeployedApplicationNames").invoke(runtime);
    }

    private static Class<?> runtimeInterface() throws ClassNotFoundException {
        return Class.forName("fish.payara.micro.PayaraMicroRuntime", false, ClassLoader.getSystemClassLoader());
    }

    private static Object runtime() throws ReflectiveOperationException {
        Class<?> micro = Class.forName("fish.payara.micro.PayaraMicro", true, ClassLoader.getSystemClassLoader());
        Object instance = micro.getMethod("getInstance").invoke(null);
        return micro.getMethod("getRuntime").invoke(instance);
    }

    private static void answer(HttpServletResponse resp, int status, String text) throws IOException {
        resp.setStatus(status);
        resp.setContentType("text/plain;charset=UTF-8");
        resp.getWriter().write(text);
    }
}
