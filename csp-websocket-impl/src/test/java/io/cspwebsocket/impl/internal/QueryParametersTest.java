package io.cspwebsocket.impl.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class QueryParametersTest {

    @Test
    void spec2_1_utf8OnEveryContainer() {
        Map<String, List<String>> parameters = QueryParameters.parse("room=v%C3%A4lue&x=1&x=2&flag&e=&sp=a+b&bad=%ZZ");
        assertEquals(List.of("välue"), parameters.get("room"));
        assertEquals(List.of("1", "2"), parameters.get("x"));
        assertEquals(List.of(""), parameters.get("flag"));
        assertEquals(List.of(""), parameters.get("e"));
        assertEquals(List.of("a b"), parameters.get("sp"));
        assertEquals(List.of("%ZZ"), parameters.get("bad"));
    }

    @Test
    void noQuery() {
        assertEquals(Map.of(), QueryParameters.parse(null));
        assertEquals(Map.of(), QueryParameters.parse(""));
    }
}
