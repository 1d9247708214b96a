package io.cspwebsocket.test;

import io.cspwebsocket.CspClass;
import io.cspwebsocket.CspStatus;
import io.cspwebsocket.CspWebSocket;
import io.cspwebsocket.ReadResult;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Pays, once per JVM, what only the first runtime of a JVM costs (about 250 ms on a small
 * machine: the platform MBean server that every application registers with, the seeding of the
 * id generator's {@code SecureRandom}, loading the core's classes), so that it counts to the
 * first test class's set-up rather than to whichever test happens to run first.
 */
final class JvmWarmUp {

    private static final AtomicBoolean DONE = new AtomicBoolean();

    private JvmWarmUp() {
    }

    /** Opens, uses and closes one socket of a runtime of its own, the first time it is called. */
    static void once() {
        if (!DONE.compareAndSet(false, true)) {
            return;
        }
        try (CspTestRuntime runtime = CspTestRuntime.start(Echo.class)) {
            PageClient client = runtime.open(Echo.class).connect();
            client.sendText("warm");
            client.receiveText();
            client.close();
            client.awaitPostServer();
        }
    }

    /** The page of the warm-up: echoes until the client closes. */
    @CspClass("io.cspwebsocket.test.WarmUp")
    public static final class Echo extends CspWebSocket {
        /** Created by the runtime. */
        public Echo() {
        }

        @Override
        protected CspStatus server() {
            for (ReadResult r = read(); !r.status().isClosed(); r = read()) {
                write(r.data());
            }
            return CspStatus.OK;
        }
    }
}
