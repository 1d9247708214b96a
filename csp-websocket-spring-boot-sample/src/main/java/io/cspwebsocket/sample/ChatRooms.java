package io.cspwebsocket.sample;

import io.cspwebsocket.CspWebSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Service;

/**
 * The chat's rooms: which exist (the {@code sample.chat.rooms} property), and which room each live
 * socket is in. One bean shared by every {@link ChatServer} instance and by {@link ChatController},
 * where the demo keeps a static map. Who is connected still comes from the library
 * ({@link CspWebSocket#openIds(Class)}), never from this map.
 */
@Service
public class ChatRooms {

    private final List<String> rooms;
    private final Map<String, String> roomOfId = new ConcurrentHashMap<>();

    /** @param rooms the rooms that exist, in display order */
    public ChatRooms(@Value("${sample.chat.rooms:lobby,java,iris}") List<String> rooms) {
        this.rooms = List.copyOf(rooms);
    }

    /** @return the rooms, in display order */
    public List<String> rooms() {
        return rooms;
    }

    /**
     * @param room a room name, or {@code null}
     * @return whether it is one of {@link #rooms()}
     */
    public boolean exists(String room) {
        return room != null && rooms.contains(room);
    }

    /**
     * @param webSocketId a socket joining
     * @param room its room
     */
    public void join(String webSocketId, String room) {
        roomOfId.put(webSocketId, room);
    }

    /**
     * @param webSocketId a socket leaving
     * @param room the room it was in
     * @return whether it was there (so that it is announced only once)
     */
    public boolean leave(String webSocketId, String room) {
        return roomOfId.remove(webSocketId, room);
    }

    /**
     * @param room a room
     * @return the live sockets of the chat page in that room
     */
    public List<String> liveIdsIn(String room) {
        List<String> ids = new ArrayList<>();
        for (String id : CspWebSocket.openIds(ChatServer.class)) {
            if (room.equals(roomOfId.get(id))) {
                ids.add(id);
            }
        }
        return ids;
    }
}
