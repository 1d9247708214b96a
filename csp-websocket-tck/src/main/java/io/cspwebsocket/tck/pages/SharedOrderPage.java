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
 * {@code early} (a message before {@code server()} returned), {@code selector} (a frame of a
 * container's selector loop on the stack, i.e. a thread that serves every socket's I/O),
 * {@code order} (a number out of sequence), {@code close} (a message after the close call)), {@code events} ({@code close[<data>]:<count>} for the close call,
 * then {@code post}), {@code close}, and the usual {@code post} and {@code closeCode}.
 */
@CspClass("TCK.SharedOrder")
public class SharedOrderPage extends TckPage {

    /** The CSP class name. */
    public static final String NAME = "TCK.SharedOrder";
    /** How many violations are recorded at most. */
    public static final int MAX_VIOLATIONS = 5;

    /**
     * Classes whose frames mean "running in a container's selector loop", which serves the I/O
     * of every socket: Tomcat's poller, Grizzly's selector runner, Jetty's managed selector,
     * XNIO's I/O thread. The container's request threads, which run {@code @OnMessage} methods,
     * are allowed (§2.4).
     */
    private static final String[] SELECTOR_CLASSES = {
        "org.apache.tomcat.util.net.NioEndpoint$Poller", "org.apache.tomcat.util.net.Nio2Endpoint$Nio2Acceptor",
        "org.glassfish.grizzly.nio.SelectorRunner", "org.eclipse.jetty.io.ManagedSelector", "org.xnio.nio.WorkerThread",
    };

    private final AtomicInteger inCall = new AtomicInteger();
    private final AtomicInteger expected = new AtomicInteger();
    private final AtomicInteger violations = new AtomicInteger();
    private volatile boolean serverReturned;
    private volatile boolean closeCalled;

    /** Created by the runtime. */
    public SharedOrderPage() {
    }

    @Override
    protected CspStatus onPreServer() {
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
            String frame = selectorFrame();
            if (frame != null) {
                violation("selector: message " + data + " on thread " + current.getName() + " below " + frame);
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

    /** @return the first frame of a selector loop on this thread's stack, or {@code null} */
    private static String selectorFrame() {
        return StackWalker.getInstance().walk(frames -> frames
                .map(f -> f.getClassName() + "." + f.getMethodName())
                .filter(SharedOrderPage::isSelector)
                .findFirst()
                .orElse(null));
    }

    private static boolean isSelector(String frame) {
        for (String selector : SELECTOR_CLASSES) {
            if (frame.startsWith(selector + ".")) {
                return true;
            }
        }
        return false;
    }
}
