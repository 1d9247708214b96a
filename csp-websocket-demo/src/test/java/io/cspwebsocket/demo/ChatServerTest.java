package io.cspwebsocket.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.cspwebsocket.test.CspPageTest;
import io.cspwebsocket.test.CspTestRuntime;
import io.cspwebsocket.test.PageClient;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Unit tests of the shared-mode chat, in memory: rooms, ids on open, leave notices, pushes. */
@CspPageTest(ChatServer.class)
class ChatServerTest {

    @Test
    void welcomesWithTheIdAndTheMembersAndAnnouncesTheJoin(CspTestRuntime runtime) {
        PageClient ann = join(runtime, "lobby");
        assertEquals(Map.of("type", "welcome", "id", ann.webSocketId(), "room", "lobby", "members", List.of()),
                next(ann));
        PageClient bob = join(runtime, "lobby");
        assertEquals(List.of(ann.webSocketId()), next(bob).get("members"));
        assertEquals(Map.of("type", "join", "id", bob.webSocketId(), "room", "lobby"), next(ann));
    }

    @Test
    void withoutARoomParameterTheRoomIsTheLobby(CspTestRuntime runtime) {
        PageClient client = runtime.open(ChatServer.class).connect();
        assertEquals("lobby", next(client).get("room"));
    }

    @Test
    void aLineGoesToEverySocketOfItsRoomAndNoOther(CspTestRuntime runtime) {
        PageClient ann = join(runtime, "a");
        next(ann);
        PageClient bob = join(runtime, "a");
        next(bob);
        next(ann); // bob's join
        PageClient carl = join(runtime, "b");
        next(carl);
        ann.sendText("hi");
        Map<String, Object> line = Map.of("type", "message", "from", ann.webSocketId(), "room", "a", "text", "hi");
        assertEquals(line, next(ann));
        assertEquals(line, next(bob));
        carl.sendText("yo");
        // Had ann's line reached room b, it would come before carl's own.
        assertEquals("yo", next(carl).get("text"));
    }

    @Test
    void anInvalidRoomIsRefusedWith403(CspTestRuntime runtime) {
        assertEquals(403, runtime.open(ChatServer.class).parameter("room", "no spaces").handshake().status());
        assertEquals(0, runtime.openSockets());
    }

    @Test
    void aLineTooLongIsAnErrorToTheSenderOnly(CspTestRuntime runtime) {
        PageClient ann = join(runtime, "lobby");
        next(ann);
        ann.sendText("x".repeat(ChatServer.MAX_TEXT_LENGTH + 1));
        assertEquals("error", next(ann).get("type"));
    }

    @Test
    void theRoomHearsWhenASocketClosesOrIsDropped(CspTestRuntime runtime) {
        PageClient ann = join(runtime, "lobby");
        next(ann);
        PageClient bob = join(runtime, "lobby");
        next(bob);
        PageClient carl = join(runtime, "lobby");
        next(carl);
        next(ann); // bob's join
        next(ann); // carl's join
        bob.close();
        assertEquals(Map.of("type", "leave", "id", bob.webSocketId(), "room", "lobby"), next(ann));
        carl.drop();
        assertEquals(Map.of("type", "leave", "id", carl.webSocketId(), "room", "lobby"), next(ann));
        assertEquals(List.of(ann.webSocketId()), ChatServer.liveIdsIn("lobby"));
    }

    @Test
    void aBroadcastReachesEveryRoom(CspTestRuntime runtime) {
        PageClient ann = join(runtime, "a");
        next(ann);
        PageClient bob = join(runtime, "b");
        next(bob);
        String push = ChatMessages.admin("Maintenance at noon", null);
        assertEquals(2, runtime.broadcast(ChatServer.class, push));
        assertEquals(push, ann.receiveText());
        assertEquals(push, bob.receiveText());
    }

    private static PageClient join(CspTestRuntime runtime, String room) {
        return runtime.open(ChatServer.class).parameter("room", room).subprotocols("chat").connect();
    }

    private static Map<String, Object> next(PageClient client) {
        return ChatJson.parse(client.receiveText());
    }
}
