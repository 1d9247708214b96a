package io.cspwebsocket.tck.pages;

import io.cspwebsocket.CspStatus;
import io.cspwebsocket.CspWebSocket;
import io.cspwebsocket.CspWebSocketHandle;
import io.cspwebsocket.ReadResult;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * What the test's probe asks of the deployment, without servlet types: {@link ProbeServlet} answers
 * it over HTTP at {@code <context>/tck/probe}, a run without a container (csp-websocket-tck-memory)
 * calls it directly. It reads the
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
public final class ProbeOperations {

    private ProbeOperations() {
    }

    /**
     * Answers one probe request.
     *
     * @param parameter the request's parameters
     * @param initParameter the application's init parameters
     * @return the answer, or {@code null} for "not there" (404)
     * @throws IllegalArgumentException for an unknown {@code op} (400)
     */
    public static String answer(UnaryOperator<String> parameter, UnaryOperator<String> initParameter) {
        String op = parameter.apply("op");
        return switch (op == null ? "" : op) {
            case "get" -> Board.get(parameter.apply("key"));
            case "signal" -> {
                Board.signal(parameter.apply("key"));
                yield "ok";
            }
            case "jvm" -> JvmBoard.get(parameter.apply("key"));
            case "initParam" -> initParameter.apply(parameter.apply("name"));
            case "openIds" -> openIds(parameter.apply("page"));
            case "broadcast" -> broadcast(parameter.apply("page"), parameter.apply("msg"));
            case "handle" -> callHandle(parameter);
            default -> throw new IllegalArgumentException("unknown op " + op);
        };
    }
    private static String broadcast(String pageClassName, String message) {
        return withPage(pageClassName, page -> Integer.toString(CspWebSocket.broadcast(page, message)));
    }

    private static String openIds(String pageClassName) {
        return withPage(pageClassName, page -> String.join("\n", new TreeSet<>(CspWebSocket.openIds(page))));
    }

    /** Calls the library with a fixture page class; an exception is answered as {@code EXCEPTION <class>}. */
    private static String withPage(String pageClassName, Function<Class<? extends CspWebSocket>, String> call) {
        try {
            return call.apply(Class.forName(pageClassName, false, ProbeOperations.class.getClassLoader())
                    .asSubclass(CspWebSocket.class));
        } catch (ClassNotFoundException | RuntimeException e) {
            return "EXCEPTION " + e.getClass().getName();
        }
    }

    private static String callHandle(UnaryOperator<String> req) {
        String idKind = req.apply("idKind");
        String id = switch (idKind == null ? "given" : idKind) {
            case "null" -> null;
            case "long" -> "a".repeat(10_000);
            default -> req.apply("id");
        };
        String msg = req.apply("msg");
        try {
            CspWebSocketHandle handle = CspWebSocket.openServer(id);
            if (handle == null) {
                return "NULL-HANDLE";
            }
            String action = req.apply("action");
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
