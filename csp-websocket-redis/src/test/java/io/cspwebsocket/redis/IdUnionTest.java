package io.cspwebsocket.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** {@link SocketDirectory#union}: one immutable set from the nodes' parts, which the adapter's {@code Set.copyOf} keeps as is. */
class IdUnionTest {

    @Test
    void disjointPartsMakeOneImmutableSet() {
        Set<String> ids = SocketDirectory.union(List.of(Set.of("A~1", "A~2"), new HashSet<>(Set.of("B~1")), Set.of()));
        assertEquals(Set.of("A~1", "A~2", "B~1"), ids);
        assertThrows(UnsupportedOperationException.class, () -> ids.add("C~1"));
        assertSame(ids, Set.copyOf(ids), "Set.copyOf copies it again");
    }

    @Test
    void anIdInTwoPartsIsKeptOnce() {
        assertEquals(Set.of("A~1", "B~1"), SocketDirectory.union(List.of(Set.of("A~1", "B~1"), Set.of("B~1"))));
    }

    @Test
    void noPartsNoIds() {
        assertEquals(Set.of(), SocketDirectory.union(List.of()));
    }
}
