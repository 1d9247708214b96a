package io.cspwebsocket.tck.pages;

import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Logger;

/**
 * Captures the server JVM's {@code java.util.logging} records (where {@code System.Logger}
 * output ends by default, on Tomcat and on Payara) for the TCK's checks on what the library logs,
 * when the server is another process than the test (Payara Micro). At
 * {@code <context>/tck/log}, answered in {@code text/plain}:
 * <ul>
 *   <li>{@code op=start}: adds a handler to the root logger; answers its id;</li>
 *   <li>{@code op=records&id=I}: the records captured so far, each as {@link LogRecorder#format}, separated
 *       by {@value #SEPARATOR}; 404 for an unknown id;</li>
 *   <li>{@code op=stop&id=I}: removes the handler.</li>
 * </ul>
 * Handlers left behind are removed when the application stops. Internal TCK use only.
 */
@WebServlet("/tck/log")
public class LogServlet extends HttpServlet {

    /** Separates records in an answer (ASCII record separator). */
    public static final char SEPARATOR = LogRecorder.SEPARATOR;

    private static final Map<String, LogRecorder> RECORDERS = new ConcurrentHashMap<>();

    /** Created by the container. */
    public LogServlet() {
    }

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        handle(req, resp);
    }

    @Override
    protected void doPost(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        handle(req, resp);
    }

    private void handle(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        resp.setContentType("text/plain;charset=UTF-8");
        String op = req.getParameter("op");
        String id = req.getParameter("id");
        switch (op == null ? "" : op) {
            case "start" -> {
                String created = UUID.randomUUID().toString();
                LogRecorder recorder = new LogRecorder();
                RECORDERS.put(created, recorder);
                Logger.getLogger("").addHandler(recorder);
                resp.getWriter().write(created);
            }
            case "records" -> {
                LogRecorder recorder = id == null ? null : RECORDERS.get(id);
                if (recorder == null) {
                    resp.sendError(404, "no capture " + id);
                    return;
                }
                resp.getWriter().write(String.join(String.valueOf(SEPARATOR), recorder.lines()));
            }
            case "stop" -> {
                LogRecorder recorder = id == null ? null : RECORDERS.remove(id);
                if (recorder != null) {
                    Logger.getLogger("").removeHandler(recorder);
                }
                resp.getWriter().write("stopped");
            }
            default -> resp.sendError(400, "unknown op " + op);
        }
    }

    /** No handler of this application may outlive it (it would hold its class loader). */
    @Override
    public void destroy() {
        RECORDERS.values().forEach(Logger.getLogger("")::removeHandler);
        RECORDERS.clear();
    }
}
