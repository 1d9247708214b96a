package io.cspwebsocket.demo;

import io.cspwebsocket.CspStatus;
import io.cspwebsocket.CspWebSocket;
import io.cspwebsocket.CspWebSocketHandle;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Pushes an admin message to the chat from outside any WebSocket: a plain servlet, on a servlet
 * request thread, writing to sockets that other threads serve. Found by the container through
 * its {@code @WebServlet} annotation (the WAR has no {@code web.xml}).
 *
 * <p>{@code POST /admin/push} with the form parameters {@code message} (required, at most
 * {@value ChatServer#MAX_TEXT_LENGTH} characters) and {@code room} (optional):
 * <ul>
 *   <li>without {@code room}, every chat socket gets {@code {"type":"admin","text":…}} through
 *       {@link CspWebSocket#broadcast(Class, String)}, which waits on no single socket;</li>
 *   <li>with {@code room}, the IRIS way: each live id of the room from
 *       {@link CspWebSocket#openIds(Class)}, opened with {@link CspWebSocket#openServer(String)}
 *       and written to; the servlet then waits (bounded) for the sends to complete.</li>
 * </ul>
 * The answer is {@code text/plain}: {@code pushed to N socket(s) in all rooms} or {@code … in
 * room R}; 400 for a missing or invalid parameter. Other methods get 405.
 *
 * <p>This is a demo: the endpoint has no authentication. A real application would restrict it
 * (a security constraint, a role check) and protect it against cross-site requests.
 */
@WebServlet(name = "ChatAdminServlet", urlPatterns = ChatAdminServlet.PATH)
public class ChatAdminServlet extends HttpServlet {

    /** The servlet's path below the context root. */
    public static final String PATH = "/admin/push";

    private static final long serialVersionUID = 1L;

    /** How long a room push waits for its sends (the library's own send timeout is 30 s). */
    private static final long ROOM_PUSH_WAIT_SECONDS = 10;

    /** Created by the container. */
    public ChatAdminServlet() {
    }

    /**
     * Pushes {@code message} to every chat socket, or to those of {@code room}.
     *
     * @param request the request, with the form parameters {@code message} and {@code room}
     * @param response {@code text/plain}: how many sockets the message went to
     * @throws IOException if the response cannot be written
     */
    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        // Form bodies are ISO-8859-1 unless told otherwise; browsers send UTF-8.
        if (request.getCharacterEncoding() == null) {
            request.setCharacterEncoding(StandardCharsets.UTF_8.name());
        }
        String message = request.getParameter("message");
        String room = request.getParameter("room");
        if (room != null && room.isEmpty()) {
            room = null;
        }
        if (message == null || message.isBlank()) {
            answer(response, HttpServletResponse.SC_BAD_REQUEST, "parameter 'message' is required");
            return;
        }
        if (message.length() > ChatServer.MAX_TEXT_LENGTH) {
            answer(response, HttpServletResponse.SC_BAD_REQUEST,
                    "parameter 'message' is longer than " + ChatServer.MAX_TEXT_LENGTH + " characters");
            return;
        }
        if (room != null && !ChatServer.isValidRoom(room)) {
            answer(response, HttpServletResponse.SC_BAD_REQUEST, "invalid room name");
            return;
        }

        if (room == null) {
            int accepted = CspWebSocket.broadcast(ChatServer.class, ChatMessages.admin(message, null));
            answer(response, HttpServletResponse.SC_OK, "pushed to " + accepted + " socket(s) in all rooms");
        } else {
            int delivered = pushToRoom(room, ChatMessages.admin(message, room));
            answer(response, HttpServletResponse.SC_OK, "pushed to " + delivered + " socket(s) in room " + room);
        }
    }

    /**
     * {@code openIds} + {@code openServer(id)} for the live ids of one room, as an IRIS class
     * would walk its global of ids; returns how many sends completed OK.
     */
    private static int pushToRoom(String room, String json) {
        List<CompletableFuture<CspStatus>> sends = new ArrayList<>();
        for (String id : CspWebSocket.openIds(ChatServer.class)) {
            if (!room.equals(ChatServer.roomOf(id))) {
                continue;
            }
            CspWebSocketHandle socket = CspWebSocket.openServer(id);
            // Start every send before waiting on any, so one slow client does not delay the rest.
            sends.add(socket.writeAsync(json).toCompletableFuture());
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(ROOM_PUSH_WAIT_SECONDS);
        int delivered = 0;
        for (CompletableFuture<CspStatus> send : sends) {
            try {
                long left = Math.max(0, deadline - System.nanoTime());
                if (send.get(left, TimeUnit.NANOSECONDS).isOk()) {
                    delivered++;
                }
            } catch (ExecutionException | TimeoutException e) {
                // Not delivered (in time): not counted. A closed socket answers 7951, not this.
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        return delivered;
    }

    private static void answer(HttpServletResponse response, int status, String text) throws IOException {
        response.setStatus(status);
        response.setContentType("text/plain");
        response.setCharacterEncoding(StandardCharsets.UTF_8.name());
        response.getWriter().println(text);
    }
}
