package io.cspwebsocket.tck.pages;

import io.cspwebsocket.CspStatus;
import io.cspwebsocket.CspWebSocket;
import io.cspwebsocket.CspWebSocketHandle;
import io.cspwebsocket.ReadResult;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * The test's window into the deployment, at {@code <context>/tck/probe}: reads the
 * {@link Board}, raises signals, and calls {@link CspWebSocket#openServer(String)} and
 * {@link CspWebSocket#openIds(Class)} from a servlet thread (SPEC §6.1: "from any thread of
 * the web application").
 *
 * <p>Requests (GET or POST form parameters), answered in {@code text/plain}:
 * <ul>
 *   <li>{@code op=get&key=K}: the board's value, or 404;</li>
 *   <li>{@code op=signal&key=K}: raises the signal;</li>
 *   <li>{@code op=jvm&key=K}: the {@link JvmBoard}'s value, or 404;</li>
 *   <li>{@code op=initParam&name=N}: the servlet context's init parameter, or 404;</li>
 *   <li>{@code op=openIds&page=FQCN}: the live ids of the page class, one a line;</li>
 *   <li>{@code op=broadcast&page=FQCN&msg=M}: {@code CspWebSocket.broadcast(page, M)}, the count;</li>
 *   <li>{@code op=handle&action=status|write|end|read|readDefault|binary|writeBytesAsync&id=ID&msg=M}:
 *       calls the handle of {@code openServer(id)} and answers the status code ({@code read}
 *       with a zero timeout and {@code readDefault} with IRIS's defaults: {@code code|data};
 *       {@code binary}: {@code isBinaryData()}; {@code writeBytesAsync}: {@code writeAsync} of
 *       the message's ISO-8859-1 bytes, awaited).
 *       {@code idKind=null} passes {@code null}, {@code idKind=long} a 10,000-character id.
 *       An exception is answered as {@code EXCEPTION <class>}: the library must never throw
 *       here.</li>
 * </ul>
 * Internal TCK use only.
 */
@WebServlet("/tck/probe")
public class ProbeServlet extends HttpServlet {

    /** Created by the container. */
    public ProbeServlet() {
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
        req.setCharacterEncoding("UTF-8"); // TckProbe encodes parameters as UTF-8; containers default to ISO-8859-1
        resp.setContentType("text/plain;charset=UTF-8");
        String op = req.getParameter("op");
        String answer;
        switch (op == null ? "" : op) {
            case "get" -> answer = Board.get(req.getParameter("key"));
            case "signal" -> {
                Board.signal(req.getParameter("key"));
                answer = "ok";
            }
            case "jvm" -> answer = JvmBoard.get(req.getParameter("key"));
            case "initParam" -> answer = getServletContext().getInitParameter(req.getParameter("name"));
            case "openIds" -> answer = openIds(req.getParameter("page"));
            case "broadcast" -> answer = broadcast(req.getParameter("page"), req.getParameter("msg"));
            case "handle" -> answer = callHandle(req);
            default -> {
                resp.sendError(400, "unknown op " + op);
                return;
            }
        }
        if (answer == null) {
            resp.setStatus(404);
            return;
        }
        resp.getWriter().write(answer);
    }

    private String broadcast(String pageClassName, String message) {
        return withPage(pageClassName, page -> Integer.toString(CspWebSocket.broadcast(page, message)));
    }

    private String openIds(String pageClassName) {
        return withPage(pageClassName, page -> String.join("\n", new TreeSet<>(CspWebSocket.openIds(page))));
    }

    /** Calls the library with a fixture page class; an exception is answered as {@code EXCEPTION <class>}. */
    private String withPage(String pageClassName, Function<Class<? extends CspWebSocket>, String> call) {
        try {
            return call.apply(Class.forName(pageClassName, false, getClass().getClassLoader())
                    .asSubclass(CspWebSocket.class));
        } catch (ClassNotFoundException | RuntimeException e) {
            return "EXCEPTION " + e.getClass().getName();
        }
    }

    private static String callHandle(HttpServletRequest req) {
        String idKind = req.getParameter("idKind");
        String id = switch (idKind == null ? "given" : idKind) {
            case "null" -> null;
            case "long" -> "a".repeat(10_000);
            default -> req.getParameter("id");
        };
        String msg = req.getParameter("msg");
        try {
            CspWebSocketHandle handle = CspWebSocket.openServer(id);
            if (handle == null) {
                return "NULL-HANDLE";
            }
            String action = req.getParameter("action");
            return switch (action == null ? "" : action) {
                case "status" -> code(handle.status());
                case "write" -> code(handle.write(msg));
                case "end" -> code(handle.endServer());
                case "read" -> {
                    ReadResult result = handle.read(0, Duration.ZERO);
                    yield code(result.status()) + "|" + result.data();
                }
                case "readDefault" -> {
                    ReadResult result = handle.read();
                    yield code(result.status()) + "|" + result.data();
                }
                case "binary" -> Boolean.toString(handle.isBinaryData());
                case "writeBytesAsync" -> code(handle.writeAsync(msg.getBytes(StandardCharsets.ISO_8859_1))
                        .toCompletableFuture().join());
                default -> "UNKNOWN-ACTION";
            };
        } catch (RuntimeException e) {
            return "EXCEPTION " + e.getClass().getName();
        }
    }

    private static String code(CspStatus status) {
        return status == null ? "NULL-STATUS" : Integer.toString(status.code());
    }
}
