package io.cspwebsocket.tck.pages;

import io.cspwebsocket.CspClass;
import io.cspwebsocket.CspStatus;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * Shared mode's delivery rules (SPEC §2.4): sets {@code SharedConnection} in
 * {@code onPreServer}; {@code server()} writes {@code "running"}, then holds until the test
 * raises signal {@code <token>.release} (at most 60 s) and returns OK. {@code onClientMessage}
 * expects the client's messages to be the numbers 0, 1, 2, … and checks each call.
 *
 * <p>Records under the token: {@code server} (how often {@code server()} ran),
 * {@code server.returned} ({@code "yes"} just before it returns), {@code count} (messages
 * handled), {@code thread} (the thread of the first call), {@code violations} (the first
 * {@value #MAX_VIOLATIONS} broken rules: {@code overlap} (a call entered while another ran),
 * {@code early} (a message before {@code server()} returned), {@code container} (a container
 * frame on the stack, i.e. the container's I/O thread), {@code handshake} (the thread that ran
 * {@code onPreServer}), {@code order} (a number out of sequence), {@code close} (a message
 * after the close call)), {@code events} ({@code close[<data>]:<count>} for the close call,
 * then {@code post}), {@code close}, and the usual {@code post} and {@code closeCode}.
 */
@CspClass("TCK.SharedOrder")
public class SharedOrderPage extends TckPage {

    /** The CSP class name. */
    public static final String NAME = "TCK.SharedOrder";
    /** How many violations are recorded at most. */
    public static final int MAX_VIOLATIONS = 5;

    /** Packages whose frames mean "running on the container's thread". */
    private static final String[] CONTAINER_PACKAGES = {
        "org.apache.tomcat.", "org.apache.coyote.", "org.apache.catalina.", "org.glassfish.tyrus.",
        "org.glassfish.grizzly.", "org.eclipse.jetty.", "io.undertow.", "jakarta.websocket.", "jakarta.servlet.",
    };

    private final AtomicInteger inCall = new AtomicInteger();
    private final AtomicInteger expected = new AtomicInteger();
    private final AtomicInteger violations = new AtomicInteger();
    private volatile boolean serverReturned;
    private volatile boolean closeCalled;
    private volatile Thread handshakeThread;

    /** Created by the runtime. */
    public SharedOrderPage() {
    }

    @Override
    protected CspStatus onPreServer() {
        handshakeThread = Thread.currentThread();
        setSharedConnection(true);
        return CspStatus.OK;
    }

    @Override
    protected CspStatus server() {
        Board.increment(key("server"));
        write("running");
        Board.awaitSignal(key("release"), Duration.ofSeconds(60));
        serverReturned = true;
        Board.put(key("server.returned"), "yes");
        return CspStatus.OK;
    }

    @Override
    protected CspStatus onClientMessage(String data, int close) {
        int depth = inCall.incrementAndGet();
        try {
            if (depth > 1) {
                violation("overlap: " + depth + " calls at once, at message " + data + " close=" + close);
            }
            if (closeCalled) {
                violation("close: a call after onClientMessage(\"\", 1): " + data + " close=" + close);
            }
            if (close != 0) {
                closeCalled = true;
                Board.increment(key("close"));
                Board.append(key("events"), "close[" + data + "]:" + expected.get());
                return CspStatus.OK;
            }
            if (!serverReturned) {
                violation("early: message " + data + " before server() returned");
            }
            Thread current = Thread.currentThread();
            if (current == handshakeThread) {
                violation("handshake: message " + data + " on the thread that ran onPreServer, " + current.getName());
            }
            String frame = containerFrame();
            if (frame != null) {
                violation("container: message " + data + " on thread " + current.getName() + " below " + frame);
            }
            int want = expected.get();
            if (want == 0) {
                Board.put(key("thread"), current.getName());
            }
            if (!Integer.toString(want).equals(data)) {
                violation("order: expected " + want + " but got " + data);
            }
            expected.set(want + 1);
            if (want % 10 == 0) {
                // Stay in the call a little, so that a dispatcher that overlaps calls is caught.
                LockSupport.parkNanos(200_000);
            }
            Board.put(key("count"), Integer.toString(want + 1));
            return CspStatus.OK;
        } finally {
            inCall.decrementAndGet();
        }
    }

    @Override
    protected CspStatus onPostServer() {
        Board.append(key("events"), "post");
        recordPostServer();
        return CspStatus.OK;
    }

    private void violation(String what) {
        if (violations.incrementAndGet() <= MAX_VIOLATIONS) {
            Board.append(key("violations"), what);
        }
    }

    /** @return the first container frame on this thread's stack, or {@code null} */
    private static String containerFrame() {
        return StackWalker.getInstance().walk(frames -> frames
                .map(f -> f.getClassName() + "." + f.getMethodName())
                .filter(SharedOrderPage::isContainer)
                .findFirst()
                .orElse(null));
    }

    private static boolean isContainer(String frame) {
        for (String prefix : CONTAINER_PACKAGES) {
            if (frame.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }
}
