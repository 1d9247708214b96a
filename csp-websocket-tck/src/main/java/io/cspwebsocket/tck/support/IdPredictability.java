package io.cspwebsocket.tck.support;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Looks for the usual ways of making ids that look random but can be guessed (SPEC §6.4:
 * "unguessable"). Counting the characters that vary, as the TCK did alone, also passes ids
 * made as {@code md5(counter)} or with {@code java.util.Random}: they look as varied as
 * {@code SecureRandom} output, and an attacker who has seen one id can compute others.
 *
 * <p>No black-box test proves that ids cannot be guessed; this one rejects the weak generators
 * implementations actually use:
 * <ul>
 *   <li>{@code java.util.Random} ({@code nextBytes}, {@code nextInt}, {@code nextLong}): its
 *       48-bit state follows from the first 32 bits of output and 16 guessed bits, and the next
 *       32 bits then confirm it;</li>
 *   <li>an unsalted hash (MD5, SHA-1, SHA-256) of a counter below 65,536, as text or as a 4- or
 *       8-byte number.</li>
 * </ul>
 * Ids are decoded as base64url (what the library writes), hex or a UUID, after any node prefix
 * ending in {@code ~}; an id in another form is left to the other checks.
 */
public final class IdPredictability {

    private static final Pattern HEX = Pattern.compile("[0-9a-fA-F]{32,}");
    private static final Pattern UUID_FORM = Pattern.compile(
            "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
    private static final Pattern BASE64URL = Pattern.compile("[A-Za-z0-9_-]{22,}");
    private static final long LCG_MULTIPLIER = 0x5DEECE66DL;
    private static final long LCG_ADDEND = 0xBL;
    private static final long LCG_MASK = (1L << 48) - 1;
    private static final int COUNTERS = 1 << 16;
    private static final String[] HASHES = {"MD5", "SHA-1", "SHA-256"};

    private IdPredictability() {
    }

    /**
     * @param ids ids issued by the implementation under test
     * @return how they can be guessed, or empty if none of the known weaknesses shows
     */
    public static Optional<String> weakness(List<String> ids) {
        List<byte[]> decoded = new ArrayList<>();
        for (String id : ids) {
            byte[] bytes = decode(id);
            if (bytes != null && bytes.length >= 8) {
                decoded.add(bytes);
            }
        }
        if (decoded.isEmpty()) {
            return Optional.empty();
        }
        for (int i = 0; i < decoded.size(); i++) {
            Optional<String> random = javaUtilRandom(decoded.get(i));
            if (random.isPresent()) {
                return Optional.of("id " + ids.get(i) + " is " + random.get());
            }
        }
        Map<Long, String> hashed = HashedCounters.TABLE;
        for (int i = 0; i < decoded.size(); i++) {
            String made = hashed.get(ByteBuffer.wrap(decoded.get(i)).getLong());
            if (made != null) {
                return Optional.of("id " + ids.get(i) + " is " + made);
            }
        }
        return Optional.empty();
    }

    /** @return the id's bytes, or {@code null} if it is in no form known here */
    static byte[] decode(String id) {
        String random = id.substring(id.lastIndexOf('~') + 1);
        try {
            if (UUID_FORM.matcher(random).matches()) {
                return HexFormat.of().parseHex(random.replace("-", ""));
            }
            if (HEX.matcher(random).matches() && random.length() % 2 == 0) {
                return HexFormat.of().parseHex(random);
            }
            if (BASE64URL.matcher(random).matches()) {
                return Base64.getUrlDecoder().decode(random);
            }
        } catch (IllegalArgumentException e) {
            return null;
        }
        return null;
    }

    /**
     * Whether the id's 32-bit words are successive outputs of one {@code java.util.Random}: as
     * {@code nextBytes} writes them (each int low byte first), or as {@code nextInt}s or
     * {@code nextLong}s written high byte first. Every word after the first must follow, so that
     * a random id matches by chance about once in 2^48 rather than once in 2^16.
     */
    private static Optional<String> javaUtilRandom(byte[] bytes) {
        int words = Math.min(4, bytes.length / 4);
        int[] little = new int[words];
        int[] big = new int[words];
        int[] longs = new int[words];
        ByteBuffer le = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        ByteBuffer be = ByteBuffer.wrap(bytes);
        for (int i = 0; i < words; i++) {
            little[i] = le.getInt(4 * i);
            big[i] = be.getInt(4 * i);
        }
        for (int i = 0; i + 1 < words; i += 2) {
            // nextLong() adds the second int, signed, to the first shifted up: a negative second
            // one borrows 1 from the first.
            longs[i] = big[i] + (big[i + 1] < 0 ? 1 : 0);
            longs[i + 1] = big[i + 1];
        }
        if (lcgSequence(little)) {
            return Optional.of("java.util.Random output (nextBytes): the next ids can be computed from it");
        }
        if (lcgSequence(big) || lcgSequence(longs)) {
            return Optional.of("java.util.Random output (nextInt or nextLong): the next ids can be computed from it");
        }
        return Optional.empty();
    }

    /** @return whether some 48-bit state yields these outputs one after another */
    private static boolean lcgSequence(int[] outputs) {
        if (outputs.length < 2) {
            return false;
        }
        long high = (outputs[0] & 0xFFFFFFFFL) << 16;
        for (long low = 0; low < (1 << 16); low++) {
            long state = high | low;
            boolean all = true;
            for (int i = 1; i < outputs.length && all; i++) {
                state = (state * LCG_MULTIPLIER + LCG_ADDEND) & LCG_MASK;
                all = (int) (state >>> 16) == outputs[i];
            }
            if (all) {
                return true;
            }
        }
        return false;
    }

    /** Built once, at first use: 590,000 hashes take about a second. */
    private static final class HashedCounters {
        static final Map<Long, String> TABLE = hashedCounters();
    }

    /** @return the first 8 bytes of each unsalted hash of a small counter, with how it was made */
    private static Map<Long, String> hashedCounters() {
        Map<Long, String> made = new HashMap<>(COUNTERS * HASHES.length * 4);
        for (String algorithm : HASHES) {
            MessageDigest digest;
            try {
                digest = MessageDigest.getInstance(algorithm);
            } catch (NoSuchAlgorithmException e) {
                continue;
            }
            for (int counter = 0; counter < COUNTERS; counter++) {
                put(made, digest, Integer.toString(counter).getBytes(StandardCharsets.US_ASCII), algorithm, counter, "text");
                put(made, digest, ByteBuffer.allocate(4).putInt(counter).array(), algorithm, counter, "4 bytes");
                put(made, digest, ByteBuffer.allocate(8).putLong(counter).array(), algorithm, counter, "8 bytes");
            }
        }
        return made;
    }

    private static void put(Map<Long, String> made, MessageDigest digest, byte[] input, String algorithm, int counter,
                            String form) {
        long prefix = ByteBuffer.wrap(digest.digest(input)).getLong();
        made.putIfAbsent(prefix, algorithm + " of the counter " + counter + " (" + form + "): anyone can compute it");
    }
}
