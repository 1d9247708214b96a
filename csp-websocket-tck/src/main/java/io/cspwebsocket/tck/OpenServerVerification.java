package io.cspwebsocket.tck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cspwebsocket.tck.pages.RegistryPage;
import io.cspwebsocket.tck.pages.RelayPage;
import io.cspwebsocket.tck.support.IdPredictability;
import io.cspwebsocket.tck.support.TckProbe;
import io.cspwebsocket.tck.support.VerificationBase;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * SPEC §6, {@code openServer} and the registry: handles from a servlet or another page write
 * to and end a socket; stale ids answer 7951 and malformed ones 5001, never an exception;
 * {@code openIds} lists exactly the live sockets; ids are unique, random and URL-safe.
 *
 * <p>To run it, extend it in a class annotated {@code @ExtendWith(ArquillianExtension.class)}
 * with {@code @Deployment(testable = false) static WebArchive war() { return
 * TckDeployments.war(); }}.
 */
public abstract class OpenServerVerification extends VerificationBase {

    private static final Pattern UNRESERVED = Pattern.compile("[A-Za-z0-9._~-]+");

    /** For the concrete run. */
    protected OpenServerVerification() {
    }

    /** An open RegistryPage connection and its id. */
    private record Registered(TckClient client, String id, boolean listedInServer, String token) {
    }

    private Registered register() {
        String token = token();
        TckClient client = connect(page(RegistryPage.NAME, "t=" + token));
        String first = client.awaitText();
        String[] parts = first.split("\\|");
        assertTrue(parts.length == 2 && parts[0].startsWith("id="), () -> "unexpected first message " + first);
        return new Registered(client, parts[0].substring(3), parts[1].equals("listed=true"), token);
    }

    private void closeAndAwaitPostServer(Registered socket) {
        socket.client().sendClose(1000, "");
        assertEquals(1000, socket.client().awaitClose().code());
        probe().await(socket.token() + ".post", "1");
    }

    /**
     * §6.1: a servlet can open a socket by id and write to it; the status is OK and the client
     * gets exactly that message.
     *
     * <p>If this test fails, check that {@code CspWebSocket.openServer} finds the runtime of
     * the web application (ServiceLoader from the api jar's class loader) and that the handle
     * writes through the same serialized path as the page.
     */
    @Test
    public void required_spec6_1_openServerFromServletWritesToTheSocket() {
        Registered socket = register();
        TckProbe probe = probe();
        assertEquals("0", probe.handle("status", socket.id(), null), "status() of an open socket");
        assertEquals("0", probe.handle("write", socket.id(), "from a servlet"), "write() from a servlet");
        socket.client().awaitText("from a servlet");
        socket.client().send("still echoing");
        socket.client().awaitText("still echoing");
        closeAndAwaitPostServer(socket);
    }

    /**
     * §6.1: another page can open a socket by id and write to it.
     *
     * <p>If this test fails, check that handles work from a page's thread, not only from
     * servlet threads.
     */
    @Test
    public void required_spec6_1_openServerFromAnotherPageWritesToTheSocket() {
        Registered socket = register();
        TckClient relay = connect(page(RelayPage.NAME, "target=" + socket.id() + "&msg=via-relay"));
        socket.client().awaitText("via-relay");
        relay.awaitText("relay=0");
        assertEquals(1000, relay.awaitClose().code());
        closeAndAwaitPostServer(socket);
    }

    /**
     * §6.1, §5: a handle's {@code endServer} closes the socket with 1000; a second call returns
     * 7951.
     *
     * <p>If this test fails, check that the handle's {@code endServer} is the connection's
     * {@code endServer}.
     */
    @Test
    public void required_spec6_1_openServerEndServerClosesTheSocket() {
        Registered socket = register();
        TckProbe probe = probe();
        assertEquals("0", probe.handle("end", socket.id(), null), "endServer() through a handle");
        TckClient.Close close = socket.client().awaitClose();
        assertEquals(1000, close.code());
        assertEquals("", close.reason());
        assertEquals("7951", probe.handle("end", socket.id(), null), "a second endServer() through a handle");
        probe.await(socket.token() + ".post", "1");
    }

    /**
     * §6.2: a stale id (its socket closed) gives a handle whose {@code status()},
     * {@code write} and {@code endServer} return 7951, without an exception.
     *
     * <p>If this test fails, check that handles look the id up on each call and report
     * {@code CspStatus.CLOSED} when it is gone.
     */
    @Test
    public void required_spec6_2_staleIdGives7951() {
        Registered socket = register();
        closeAndAwaitPostServer(socket);
        TckProbe probe = probe();
        assertEquals("7951", probe.handle("status", socket.id(), null), "status() of a closed id");
        assertEquals("7951", probe.handle("write", socket.id(), "late"), "write() to a closed id");
        assertEquals("7951", probe.handle("end", socket.id(), null), "endServer() of a closed id");
        assertEquals("7951|", probe.handle("read", socket.id(), null), "read() of a closed id");
    }

    /**
     * §6.2: a well-formed id that was never issued (a real id with its last character changed)
     * gives 7951 everywhere.
     *
     * <p>If this test fails, check that unknown but well-formed ids are "not open" (7951), not
     * malformed (5001), and never throw.
     */
    @Test
    public void required_spec6_2_neverIssuedWellFormedIdGives7951() {
        Registered socket = register();
        String id = socket.id();
        char last = id.charAt(id.length() - 1);
        char other = Character.isDigit(last) ? (last == '0' ? '1' : '0')
                : Character.isUpperCase(last) ? (last == 'A' ? 'B' : 'A')
                : Character.isLowerCase(last) ? (last == 'a' ? 'b' : 'a')
                : 'a';
        String neverIssued = id.substring(0, id.length() - 1) + other;
        TckProbe probe = probe();
        assertEquals("7951", probe.handle("status", neverIssued, null), "status() of a never-issued id " + neverIssued);
        assertEquals("7951", probe.handle("write", neverIssued, "nobody"), "write() to a never-issued id");
        assertEquals("7951", probe.handle("end", neverIssued, null), "endServer() of a never-issued id");
        socket.client().send("untouched");
        socket.client().awaitText("untouched");
        closeAndAwaitPostServer(socket);
    }

    /**
     * §6.2: malformed ids ({@code null}, {@code ""}, {@code "../x"}, 10,000 characters, a
     * space) give 5001 from {@code status}, {@code write} and {@code endServer}, never an
     * exception.
     *
     * <p>If this test fails, check the id syntax check in {@code openServer} and that it
     * returns a handle answering {@code CspStatus.error} instead of throwing.
     */
    @Test
    public void required_spec6_2_malformedIdGives5001() {
        TckProbe probe = probe();
        for (String action : List.of("status", "write", "end")) {
            assertEquals("5001", probe.handleSpecial(action, "null"), action + " with a null id");
            assertEquals("5001", probe.handleSpecial(action, "long"), action + " with a 10,000-character id");
            for (String id : List.of("", "../x", "a b", "id/with/slashes", "%2e%2e")) {
                assertEquals("5001", probe.handle(action, id, "x"), action + " with id \"" + id + "\"");
            }
        }
    }

    /**
     * §6.3: {@code openIds} lists the id while {@code server()} runs (already when it starts)
     * and not after the close; it is already gone when {@code onPostServer} runs.
     *
     * <p>If this test fails, check that the registry adds the id before {@code server()} and
     * removes it before {@code onPostServer}.
     */
    @Test
    public void required_spec6_3_openIdsListsExactlyTheLiveSockets() {
        Registered socket = register();
        assertTrue(socket.listedInServer(), "the id must be listed when server() starts");
        TckProbe probe = probe();
        assertTrue(probe.openIds(RegistryPage.class.getName()).contains(socket.id()),
                "openIds from a servlet must list the open socket");
        closeAndAwaitPostServer(socket);
        assertEquals("false", probe.get(socket.token() + ".post.listed"), "the id was still listed in onPostServer");
        assertFalse(probe.openIds(RegistryPage.class.getName()).contains(socket.id()),
                "openIds lists a closed socket");
    }

    /**
     * §6.4: WebSocketIDs are unique, use only RFC 3986 unreserved characters, and carry at
     * least 122 random bits (estimated over 64 ids: positions that vary, times the bits of
     * the alphabet seen there), and none of them comes from a generator that an attacker can
     * replay: {@code java.util.Random}, or an unsalted hash of a counter (see
     * {@link IdPredictability}; such ids vary as much as good ones).
     *
     * <p>If this test fails, check the id generator: a {@code SecureRandom} of at least 16
     * bytes, encoded in base64url without padding or hex, no counters or timestamps alone.
     */
    @Test
    public void required_spec6_4_idsAreUniqueRandomAndUrlSafe() {
        int count = 64;
        List<CompletableFuture<TckClient>> pending = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            pending.add(TckClient.to(env, page(RegistryPage.NAME, "t=" + token())).connectAsync());
        }
        List<String> ids = new ArrayList<>();
        for (CompletableFuture<TckClient> future : pending) {
            TckClient client = track(future.join());
            ids.add(client.awaitText().split("\\|")[0].substring(3));
            client.sendClose(1000, "");
            assertEquals(1000, client.awaitClose().code());
        }
        assertEquals(count, new HashSet<>(ids).size(), () -> "duplicate ids: " + ids);
        for (String id : ids) {
            assertTrue(UNRESERVED.matcher(id).matches(), () -> "id with reserved characters: " + id);
        }
        double bits = estimatedRandomBits(ids);
        assertTrue(bits >= 122, () -> "ids carry about " + Math.round(bits) + " random bits, at least 122 required: " + ids.get(0));
        Optional<String> guessable = IdPredictability.weakness(ids);
        assertTrue(guessable.isEmpty(), () -> "ids can be guessed: " + guessable.orElse(""));
    }

    private static double estimatedRandomBits(List<String> ids) {
        int length = ids.stream().mapToInt(String::length).max().orElse(0);
        Set<Character> alphabet = new HashSet<>();
        int varying = 0;
        for (int pos = 0; pos < length; pos++) {
            Map<Character, Integer> seen = new TreeMap<>();
            for (String id : ids) {
                if (pos < id.length()) {
                    seen.merge(id.charAt(pos), 1, Integer::sum);
                }
            }
            if (seen.size() > 1) {
                varying++;
                alphabet.addAll(seen.keySet());
            }
        }
        return varying * (Math.log(Math.max(alphabet.size(), 1)) / Math.log(2));
    }
}
