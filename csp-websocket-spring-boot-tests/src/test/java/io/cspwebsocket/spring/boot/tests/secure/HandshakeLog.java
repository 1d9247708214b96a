package io.cspwebsocket.spring.boot.tests.secure;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.springframework.stereotype.Component;

/** What page code ran, so that tests can tell a refused handshake ran none. */
@Component
public class HandshakeLog {

    private final List<String> entries = new CopyOnWriteArrayList<>();

    /** @param entry what ran */
    public void add(String entry) {
        entries.add(entry);
    }

    /** @return how many entries there are */
    public int size() {
        return entries.size();
    }

    /** @return the entries so far */
    public List<String> entries() {
        return List.copyOf(entries);
    }
}
