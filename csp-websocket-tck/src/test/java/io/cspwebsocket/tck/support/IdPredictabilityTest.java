package io.cspwebsocket.tck.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.UUID;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** The id check rejects the weak generators it names and passes good ones. */
class IdPredictabilityTest {

    private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();

    private static List<String> ids(Supplier<String> generator) {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 64; i++) {
            ids.add(generator.get());
        }
        return ids;
    }

    @Test
    void secureRandomIdsPassInEveryForm() {
        SecureRandom random = new SecureRandom();
        for (int round = 0; round < 5; round++) {
            assertEquals(Optional.empty(), IdPredictability.weakness(ids(() -> {
                byte[] bytes = new byte[16];
                random.nextBytes(bytes);
                return BASE64URL.encodeToString(bytes);
            })));
        }
        assertEquals(Optional.empty(), IdPredictability.weakness(ids(() -> UUID.randomUUID().toString())));
        assertEquals(Optional.empty(), IdPredictability.weakness(ids(() -> "node-1~" + BASE64URL.encodeToString(
                ByteBuffer.allocate(16).putLong(random.nextLong()).putLong(random.nextLong()).array()))));
    }

    @Test
    void javaUtilRandomIsRejectedWhateverTheEncoding() {
        Random random = new Random();
        assertTrue(IdPredictability.weakness(ids(() -> {
            byte[] bytes = new byte[16];
            random.nextBytes(bytes);
            return BASE64URL.encodeToString(bytes);
        })).isPresent(), "nextBytes, base64url");
        assertTrue(IdPredictability.weakness(ids(() -> HexFormat.of().formatHex(
                ByteBuffer.allocate(16).putLong(random.nextLong()).putLong(random.nextLong()).array()))).isPresent(),
                "nextLong, hex");
        assertTrue(IdPredictability.weakness(ids(() -> new UUID(random.nextLong(), random.nextLong()).toString()))
                .isPresent(), "nextLong, as a UUID");
        assertTrue(IdPredictability.weakness(ids(() -> BASE64URL.encodeToString(ByteBuffer.allocate(16)
                .putInt(random.nextInt()).putInt(random.nextInt()).putInt(random.nextInt()).putInt(random.nextInt())
                .array()))).isPresent(), "nextInt, base64url");
    }

    @Test
    void unsaltedHashesOfACounterAreRejected() throws Exception {
        MessageDigest md5 = MessageDigest.getInstance("MD5");
        int[] counter = {1000};
        assertTrue(IdPredictability.weakness(ids(() -> BASE64URL.encodeToString(
                md5.digest(Integer.toString(counter[0]++).getBytes(StandardCharsets.US_ASCII))))).isPresent(), "md5(text)");
        MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
        assertTrue(IdPredictability.weakness(ids(() -> HexFormat.of().formatHex(sha256.digest(
                ByteBuffer.allocate(8).putLong(counter[0]++).array()), 0, 16))).isPresent(), "sha-256(8 bytes), hex");
    }
}
