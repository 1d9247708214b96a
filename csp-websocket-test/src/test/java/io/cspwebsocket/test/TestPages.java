package io.cspwebsocket.test;

import io.cspwebsocket.CspClass;
import io.cspwebsocket.CspStatus;
import io.cspwebsocket.CspWebSocket;
import io.cspwebsocket.ReadResult;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

/** The pages the kit's own tests serve. */
final class TestPages {

    private TestPages() {
    }

    /** Echoes text, answers "timeout" after 10 s of silence, ends on "exit". */
    @CspClass(value = "Test.Echo", subprotocols = {"chat"})
    public static class Echo extends CspWebSocket {
        /** Created by the runtime. */
        public Echo() {
        }

        @Override
        protected CspStatus server() {
            for (;;) {
                ReadResult r = read(32656, Duration.ofSeconds(10));
                if (r.status().isClosed()) {
                    break;
                }
                if (r.status().isTimeout()) {
                    write("timeout");
                    continue;
                }
                if (r.data().equals("exit")) {
                    break;
                }
                write(r.data());
            }
            return endServer();
        }
    }

    /** Echoes binary messages as binary. */
    @CspClass("Test.BinaryEcho")
    public static class BinaryEcho extends CspWebSocket {
        /** Created by the runtime. */
        public BinaryEcho() {
        }

        @Override
        protected CspStatus onPreServer() {
            setBinaryData(true);
            return CspStatus.OK;
        }

        @Override
        protected CspStatus server() {
            for (ReadResult r = read(); !r.status().isClosed(); r = read()) {
                write(r.bytes());
            }
            return CspStatus.OK;
        }
    }

    /** Reads pieces of at most 4 chars and writes each as "piece|atEnd". */
    @CspClass("Test.Pieces")
    public static class Pieces extends CspWebSocket {
        /** Created by the runtime. */
        public Pieces() {
        }

        @Override
        protected CspStatus server() {
            for (ReadResult r = read(4, Duration.ofSeconds(30)); !r.status().isClosed(); r = read(4, Duration.ofSeconds(30))) {
                write(r.data() + "|" + r.atEnd());
            }
            return CspStatus.OK;
        }
    }

    /** Writes back each whole message it reads (with the default length). */
    @CspClass("Test.Whole")
    public static class Whole extends CspWebSocket {
        /** Created by the runtime. */
        public Whole() {
        }

        @Override
        protected CspStatus server() {
            for (ReadResult r = read(); !r.status().isClosed(); r = read()) {
                write(r.data());
            }
            return CspStatus.OK;
        }
    }

    /** Remembers the close code and reason its socket closed with, by WebSocket id. */
    @CspClass("Test.CloseRecorder")
    public static class CloseRecorder extends CspWebSocket {
        static final Map<String, String> CLOSES = new ConcurrentHashMap<>();

        /** Created by the runtime. */
        public CloseRecorder() {
        }

        @Override
        protected CspStatus server() {
            while (!read().status().isClosed()) {
                // reads until the client goes
            }
            return CspStatus.OK;
        }

        @Override
        protected CspStatus onPostServer() {
            CLOSES.put(getWebSocketId(), getCloseCode() + " " + getCloseReason());
            return CspStatus.OK;
        }
    }

    /** Throws from server(): the socket closes with 1011. */
    @CspClass("Test.Failing")
    public static class Failing extends CspWebSocket {
        /** Created by the runtime. */
        public Failing() {
        }

        @Override
        protected CspStatus server() {
            throw new IllegalStateException("page bug");
        }
    }

    /** Tells what it learnt of its handshake, then ends; refuses a request with deny=1. */
    @CspClass("Test.Facts")
    public static class Facts extends CspWebSocket {
        /** Created by the runtime. */
        public Facts() {
        }

        @Override
        protected CspStatus onPreServer() {
            return "1".equals(getRequestParameter("deny")) ? CspStatus.error("denied") : CspStatus.OK;
        }

        @Override
        protected CspStatus server() {
            String user = getUserPrincipal() == null ? "-" : getUserPrincipal().getName();
            write(getRequestParameter("room") + "|" + getRequestHeader("X-Test") + "|" + user + "|"
                    + isUserInRole("admin") + "|" + getSessionAttribute("cart") + "|" + getRemoteAddress());
            setSessionAttribute("seen", Boolean.TRUE);
            setSessionEndOnClose("1".equals(getRequestParameter("endSession")));
            return endServer();
        }
    }

    /** A chat in shared mode: every message goes to every socket, and leaves are announced. */
    @CspClass("Test.Room")
    public static class Room extends CspWebSocket {
        /** Created by the runtime. */
        public Room() {
        }

        @Override
        protected CspStatus onPreServer() {
            setSharedConnection(true);
            return CspStatus.OK;
        }

        @Override
        protected CspStatus server() {
            return CspStatus.OK;
        }

        @Override
        protected CspStatus onClientMessage(String data, int close) {
            String line = close == 1 ? "left " + getWebSocketId() : getWebSocketId() + ": " + data;
            for (String id : openIds(Room.class)) {
                openServer(id).write(line);
            }
            return CspStatus.OK;
        }
    }

    /** Shared mode: answers each message with the name of the thread its onClientMessage ran on. */
    @CspClass("Test.ThreadReporter")
    public static class ThreadReporter extends CspWebSocket {
        /** Created by the runtime. */
        public ThreadReporter() {
        }

        @Override
        protected CspStatus onPreServer() {
            setSharedConnection(true);
            return CspStatus.OK;
        }

        @Override
        protected CspStatus server() {
            return CspStatus.OK;
        }

        @Override
        protected CspStatus onClientMessage(String data, int close) {
            if (close == 0) {
                write(Thread.currentThread().getName());
            }
            return CspStatus.OK;
        }
    }

    /** Ignores that its socket closed and interrupts: a leaked page thread, until released. */
    @CspClass("Test.Leaking")
    public static class Leaking extends CspWebSocket {
        private static final AtomicBoolean RELEASE = new AtomicBoolean();
        private static final AtomicReference<Thread> THREAD = new AtomicReference<>();

        /** Created by the runtime. */
        public Leaking() {
        }

        @Override
        protected CspStatus server() {
            THREAD.set(Thread.currentThread());
            while (!RELEASE.get()) {
                LockSupport.park(this);
                Thread.interrupted(); // the bug under test: the page swallows the interrupt too
            }
            return CspStatus.OK;
        }

        /** Before a test: the next page leaks until {@link #release()}. */
        static void reset() {
            RELEASE.set(false);
            THREAD.set(null);
        }

        /** Waits until a page runs its server(), so that it is sure to be running at the shutdown. */
        static void awaitStarted() {
            long deadline = System.nanoTime() + PageClient.DEFAULT_WAIT.toNanos();
            while (THREAD.get() == null) {
                if (System.nanoTime() - deadline > 0) {
                    throw new AssertionError("the leaking page never started");
                }
                LockSupport.parkNanos(200_000);
            }
        }

        /** Lets the leaked thread end, and waits for it. */
        static void release() throws InterruptedException {
            RELEASE.set(true);
            Thread thread = THREAD.get();
            if (thread != null) {
                LockSupport.unpark(thread);
                thread.join(PageClient.DEFAULT_WAIT.toMillis());
            }
        }
    }
}
