package io.cspwebsocket.demo;

import io.cspwebsocket.CspClass;
import io.cspwebsocket.CspStatus;
import io.cspwebsocket.CspWebSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * A chat server in shared mode, {@code MyApp.Chat}, served at
 * {@code /csp/user/MyApp.Chat.cls?room=<room>}: the IRIS chat pattern, where {@code OnPreServer}
 * sets {@code SharedConnection=1}, {@code Server()} returns at once, {@code OnClientMessage}
 * handles each message, and every socket of a room is written to through {@code OpenServer(id)}.
 *
 * <p>IRIS applications keep the WebSocket ids in a global ({@code ^CacheTemp.Chat.WebSockets})
 * and write to each through {@code OpenServer}; a socket that died without {@code OnPostServer}
 * stays in the global, and {@code Write} to it still "succeeds". Here the library keeps the
 * registry: {@link CspWebSocket#openIds(Class)} lists only live sockets. The page keeps nothing but
 * the room of each id ({@link #roomOf(String)}), a lookup table that is never the source of who
 * is connected.
 *
 * <p>The protocol: the client sends plain text, one chat line per message. The server sends JSON
 * objects, one per message, with a {@code "type"}:
 * <ul>
 *   <li>{@code welcome}: on open, to the new socket only: {@code "id"} (its WebSocket id),
 *       {@code "room"} and {@code "members"} (the ids of the other sockets in the room);</li>
 *   <li>{@code join} / {@code leave}: to the other sockets of the room: {@code "id"}, {@code "room"};</li>
 *   <li>{@code message}: a chat line, to every socket of the room, the sender included:
 *       {@code "from"}, {@code "room"}, {@code "text"};</li>
 *   <li>{@code admin}: a message pushed by {@link ChatAdminServlet}: {@code "text"}, and
 *       {@code "room"} when it was pushed to one room only;</li>
 *   <li>{@code error}: to the sender only, e.g. for a line longer than {@value #MAX_TEXT_LENGTH}
 *       characters: {@code "text"}.</li>
 * </ul>
 * A room name is 1 to 40 letters, digits, {@code -}, {@code _}, {@code .} or {@code ~};
 * {@code onPreServer} refuses any other (HTTP 403), and a missing or empty {@code room} means
 * {@value #DEFAULT_ROOM}.
 *
 * <p>Threads: {@code onPreServer} runs on the container's handshake thread; {@code server},
 * {@code onClientMessage} and {@code onPostServer} run on library threads, one call at a time per
 * socket. Messages to the other sockets are sent with {@code writeAsync}, so that one slow client
 * never delays a room.
 */
@CspClass(value = "MyApp.Chat",
          application = "/csp/user",
          subprotocols = {"chat"})
public class ChatServer extends CspWebSocket {

    /** The room of a handshake without a {@code room} parameter. */
    public static final String DEFAULT_ROOM = "lobby";

    /** The longest chat line (and admin message) accepted, in characters. */
    public static final int MAX_TEXT_LENGTH = 2000;

    private static final Pattern ROOM_NAME = Pattern.compile("[A-Za-z0-9._~-]{1,40}");

    /**
     * WebSocket id to room. Written when a socket joins, removed when it leaves; only ever read
     * for ids that {@code openIds} reports live, so an entry left behind could never receive.
     */
    private static final Map<String, String> ROOMS = new ConcurrentHashMap<>();

    /** Set in {@code onPreServer}, read on the library's threads afterwards. */
    private volatile String room;

    /** Created by the runtime, one instance per connection. */
    public ChatServer() {
    }

    /**
     * Whether {@code name} is an acceptable room name.
     *
     * @param name a room name, or {@code null}
     * @return whether it is 1 to 40 letters, digits, {@code -}, {@code _}, {@code .} or {@code ~}
     */
    public static boolean isValidRoom(String name) {
        return name != null && ROOM_NAME.matcher(name).matches();
    }

    /**
     * The room a socket of this page is in.
     *
     * @param webSocketId a WebSocket id
     * @return its room, or {@code null} if the id is not (or no longer) in a room
     */
    public static String roomOf(String webSocketId) {
        return webSocketId == null ? null : ROOMS.get(webSocketId);
    }

    /**
     * The ids of the live sockets in a room: the library's {@link #openIds(Class)}, filtered by
     * room. What an IRIS chat reads from its global of ids, without the stale ones.
     *
     * @param room a room name
     * @return the ids, in no particular order
     */
    public static List<String> liveIdsIn(String room) {
        List<String> ids = new ArrayList<>();
        for (String id : openIds(ChatServer.class)) {
            if (room.equals(ROOMS.get(id))) {
                ids.add(id);
            }
        }
        return ids;
    }

    @Override
    protected CspStatus onPreServer() {
        String requested = getRequestParameter("room");
        String name = requested == null || requested.isEmpty() ? DEFAULT_ROOM : requested;
        if (!isValidRoom(name)) {
            // An error status refuses the handshake with HTTP 403; server() never runs.
            return CspStatus.error("invalid room name");
        }
        room = name;
        setSharedConnection(true);
        return CspStatus.OK;
    }

    /** Joins the room: tells this client its id and the room's members, and the room about it. */
    @Override
    protected CspStatus server() {
        String id = getWebSocketId();
        // Into the room first, then look at who else is there: of two clients joining at the same
        // moment, the later one sees the earlier in its welcome, and the earlier gets a join.
        ROOMS.put(id, room);
        List<String> others = liveIdsIn(room);
        others.remove(id);
        write(ChatMessages.welcome(id, room, others));
        sendToRoom(room, ChatMessages.join(id, room), id);
        // Shared mode: returning leaves the socket open; messages go to onClientMessage.
        return CspStatus.OK;
    }

    @Override
    protected CspStatus onClientMessage(String data, int close) {
        if (close != 0) {
            // The socket has closed (the client left, navigated away, or the server ended it).
            leave();
            return CspStatus.OK;
        }
        if (data.isBlank()) {
            return CspStatus.OK;
        }
        if (data.length() > MAX_TEXT_LENGTH) {
            write(ChatMessages.error("message too long: at most " + MAX_TEXT_LENGTH + " characters"));
            return CspStatus.OK;
        }
        sendToRoom(room, ChatMessages.message(getWebSocketId(), room, data), null);
        return CspStatus.OK;
    }

    @Override
    protected CspStatus onPostServer() {
        // onClientMessage("", 1) has normally done this already; leave() does it only once.
        leave();
        return CspStatus.OK;
    }

    private void leave() {
        String id = getWebSocketId();
        if (ROOMS.remove(id, room)) {
            sendToRoom(room, ChatMessages.leave(id, room), id);
        }
    }

    /**
     * Writes {@code json} to every live socket of {@code room} except {@code except}, without
     * waiting on any of them: {@code openIds}, then {@code openServer(id).writeAsync} for each.
     */
    private static void sendToRoom(String room, String json, String except) {
        for (String id : liveIdsIn(room)) {
            if (!id.equals(except)) {
                openServer(id).writeAsync(json);
            }
        }
    }
}
