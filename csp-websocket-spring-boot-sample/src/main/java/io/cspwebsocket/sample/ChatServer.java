package io.cspwebsocket.sample;

import io.cspwebsocket.CspClass;
import io.cspwebsocket.CspStatus;
import io.cspwebsocket.CspWebSocket;
import java.util.List;

/**
 * The demo's shared-mode chat, {@code MyApp.Chat}, at {@code /csp/user/MyApp.Chat.cls?room=<room>}
 * (the same protocol as the demo's, so the demo's {@code chat.html} is its client), with its rooms
 * from the injected {@link ChatRooms} service: a room that service does not list is refused with
 * 403 in {@code onPreServer}.
 */
@CspClass(value = "MyApp.Chat", subprotocols = {"chat"})
public class ChatServer extends CspWebSocket {

    /** The longest chat line accepted, in characters. */
    static final int MAX_TEXT_LENGTH = 2000;

    private final ChatRooms rooms;
    /** Set in {@code onPreServer}, read on the library's threads afterwards. */
    private volatile String room;

    /** @param rooms the chat's rooms (a singleton bean shared by all connections) */
    public ChatServer(ChatRooms rooms) {
        this.rooms = rooms;
    }

    @Override
    protected CspStatus onPreServer() {
        String requested = getRequestParameter("room");
        String name = requested == null || requested.isEmpty() ? rooms.rooms().get(0) : requested;
        if (!rooms.exists(name)) {
            return CspStatus.error("no room " + name); // 403; server() never runs
        }
        room = name;
        setSharedConnection(true);
        return CspStatus.OK;
    }

    @Override
    protected CspStatus server() {
        String id = getWebSocketId();
        rooms.join(id, room);
        List<String> others = rooms.liveIdsIn(room);
        others.remove(id);
        write(ChatMessages.welcome(id, room, others, rooms.rooms()));
        sendToRoom(ChatMessages.join(id, room), id);
        return CspStatus.OK; // shared mode: the socket stays open, messages go to onClientMessage
    }

    @Override
    protected CspStatus onClientMessage(String data, int close) {
        if (close != 0) {
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
        sendToRoom(ChatMessages.message(getWebSocketId(), room, data), null);
        return CspStatus.OK;
    }

    @Override
    protected CspStatus onPostServer() {
        leave();
        return CspStatus.OK;
    }

    private void leave() {
        String id = getWebSocketId();
        if (rooms.leave(id, room)) {
            sendToRoom(ChatMessages.leave(id, room), id);
        }
    }

    /** Writes to every live socket of the room but one, waiting on none (a slow client delays no one). */
    private void sendToRoom(String json, String except) {
        for (String id : rooms.liveIdsIn(room)) {
            if (!id.equals(except)) {
                openServer(id).writeAsync(json);
            }
        }
    }
}
