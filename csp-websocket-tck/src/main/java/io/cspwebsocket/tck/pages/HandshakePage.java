package io.cspwebsocket.tck.pages;

import io.cspwebsocket.CspClass;
import io.cspwebsocket.CspStatus;
import io.cspwebsocket.ReadResult;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Reports what a page sees in {@code onPreServer} and {@code server()} (SPEC §2.1–§2.3, §6.3,
 * §6.4), as one first message of {@code key=value} lines, then echoes until the client closes.
 *
 * <p>Reported keys: {@code instance} (a serial number per created page), {@code preServerCalls}
 * (how often this instance's {@code onPreServer} ran), {@code pre.id}, {@code pre.session},
 * {@code pre.param} (request parameter {@code p}), {@code pre.header} (header {@code X-Tck}),
 * {@code pre.remote}, {@code pre.thread}, {@code pre.read} / {@code pre.write} (exception caught
 * from read / write in {@code onPreServer}), {@code pre.setShared} (exception from
 * {@code setSharedConnection(false)} in {@code onPreServer}), {@code server.id},
 * {@code server.thread}, {@code server.virtual}, {@code server.jdk},
 * {@code server.setShared} (exception from {@code setSharedConnection(false)} in
 * {@code server()}), {@code server.listed} (own id in {@code openIds}), {@code gateway}.
 * {@code onPostServer} records under the token: {@code post}, {@code closeCode},
 * {@code post.setShared}, {@code post.listed}, {@code post.thread}.
 */
@CspClass("TCK.Handshake")
public class HandshakePage extends TckPage {

    /** The CSP class name. */
    public static final String NAME = "TCK.Handshake";

    private static final AtomicInteger INSTANCES = new AtomicInteger();

    private final int instance = INSTANCES.incrementAndGet();
    private final AtomicInteger preServerCalls = new AtomicInteger();
    private final Map<String, String> facts = new LinkedHashMap<>();

    /** Created by the runtime. */
    public HandshakePage() {
    }

    @Override
    protected CspStatus onPreServer() {
        preServerCalls.incrementAndGet();
        facts.put("pre.id", String.valueOf(getWebSocketId()));
        facts.put("pre.session", String.valueOf(getSessionId()));
        facts.put("pre.param", String.valueOf(getRequestParameter("p")));
        facts.put("pre.header", String.valueOf(getRequestHeader("X-Tck")));
        facts.put("pre.remote", String.valueOf(getRemoteAddress()));
        facts.put("pre.thread", threadId());
        Throwable readError = null;
        try {
            ReadResult unexpected = read(1, Duration.ZERO);
            facts.put("pre.readResult", String.valueOf(unexpected));
        } catch (RuntimeException e) {
            readError = e;
        }
        facts.put("pre.read", Board.describe(readError));
        Throwable writeError = null;
        try {
            CspStatus unexpected = write("written in onPreServer");
            facts.put("pre.writeResult", String.valueOf(unexpected));
        } catch (RuntimeException e) {
            writeError = e;
        }
        facts.put("pre.write", Board.describe(writeError));
        Throwable sharedError = null;
        try {
            setSharedConnection(false);
        } catch (RuntimeException e) {
            sharedError = e;
        }
        facts.put("pre.setShared", Board.describe(sharedError));
        return CspStatus.OK;
    }

    @Override
    protected CspStatus server() {
        Map<String, String> report = new LinkedHashMap<>();
        report.put("instance", Integer.toString(instance));
        report.put("preServerCalls", Integer.toString(preServerCalls.get()));
        report.putAll(facts);
        report.put("server.id", getWebSocketId());
        report.put("server.thread", threadId());
        report.put("server.virtual", virtual());
        report.put("server.jdk", Integer.toString(Runtime.version().feature()));
        Throwable sharedError = null;
        try {
            setSharedConnection(false);
        } catch (RuntimeException e) {
            sharedError = e;
        }
        report.put("server.setShared", Board.describe(sharedError));
        report.put("server.listed", Boolean.toString(openIds(HandshakePage.class).contains(getWebSocketId())));
        report.put("gateway", String.valueOf(getGatewayClientAddress()));
        StringBuilder message = new StringBuilder();
        report.forEach((k, v) -> message.append(k).append('=').append(v).append('\n'));
        write(message.toString());
        for (;;) {
            ReadResult r = read();
            if (r.status().isError()) {
                break;
            }
            write(r.data());
        }
        return endServer();
    }

    @Override
    protected CspStatus onPostServer() {
        Throwable sharedError = null;
        try {
            setSharedConnection(false);
        } catch (RuntimeException e) {
            sharedError = e;
        }
        Board.put(key("post.setShared"), Board.describe(sharedError));
        Board.put(key("post.listed"), Boolean.toString(openIds(HandshakePage.class).contains(getWebSocketId())));
        Board.put(key("post.thread"), threadId());
        recordPostServer();
        return CspStatus.OK;
    }

    private static String threadId() {
        Thread t = Thread.currentThread();
        return t.getName() + "#" + t.getId();
    }

    /** @return "true"/"false" on JDK 21+, "n/a" before (no virtual threads) */
    private static String virtual() {
        try {
            return String.valueOf(Thread.class.getMethod("isVirtual").invoke(Thread.currentThread()));
        } catch (NoSuchMethodException e) {
            return "false"; // JDK 17: every thread is a platform thread
        } catch (ReflectiveOperationException e) {
            return "n/a";
        }
    }
}
