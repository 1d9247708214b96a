package io.cspwebsocket.sample;

import io.cspwebsocket.CspStatus;
import io.cspwebsocket.CspWebSocket;
import java.util.List;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * HTTP beside the chat: the room list ({@code GET /rooms}, from the same {@link ChatRooms} bean the
 * pages use) and the demo's admin push ({@code POST /admin/push}, form parameters {@code message}
 * and optional {@code room}), written to the sockets from a Spring MVC request thread. Like the
 * demo's servlet it has no authentication: a real application would protect it.
 */
@RestController
public class ChatController {

    private final ChatRooms rooms;

    /** @param rooms the chat's rooms */
    public ChatController(ChatRooms rooms) {
        this.rooms = rooms;
    }

    /** @return the rooms, in display order */
    @GetMapping("/rooms")
    public List<String> rooms() {
        return rooms.rooms();
    }

    /**
     * @param message the text to push
     * @param room a room, or {@code null} for every chat socket
     * @return how many sockets took the message, as text
     */
    // Parameter names are spelled out: this build does not compile with -parameters (Boot's parent would).
    @PostMapping(value = "/admin/push", produces = "text/plain")
    public ResponseEntity<String> push(@RequestParam("message") String message,
                                       @RequestParam(name = "room", required = false) String room) {
        if (message.isBlank() || message.length() > ChatServer.MAX_TEXT_LENGTH || (room != null && !rooms.exists(room))) {
            return ResponseEntity.badRequest().body("invalid message or room");
        }
        String json = ChatMessages.admin(message, room);
        if (room == null) {
            return ResponseEntity.ok("pushed to " + CspWebSocket.broadcast(ChatServer.class, json)
                    + " socket(s) in all rooms");
        }
        int pushed = 0;
        for (String id : rooms.liveIdsIn(room)) {
            CspStatus status = CspWebSocket.openServer(id).write(json);
            if (status.isOk()) {
                pushed++;
            }
        }
        return ResponseEntity.ok("pushed to " + pushed + " socket(s) in room " + room);
    }
}
