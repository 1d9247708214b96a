package io.cspwebsocket.impl.internal;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;

/**
 * Stops and restarts reading one socket (SPEC §3.5), where the container can: then a full inbox
 * pauses the socket instead of holding a container thread, so a thousand slow pages do not use
 * up the container's request threads.
 *
 * <p>Tomcat's session has public {@code suspend()} and {@code resume()}; they are found at run
 * time, so the adapter still compiles against the Jakarta API alone. Elsewhere {@link #of}
 * returns {@code null} and the inbox blocks the container's thread instead, which also stops
 * the reading. Both calls are cheap and never call back into the library on the calling thread.
 */
final class FlowControl {

    private static final String TOMCAT_SESSION = "org.apache.tomcat.websocket.WsSession";

    /**
     * Tomcat's two methods, looked up once per session class: a lookup per socket cost every
     * handshake two method-handle lookups, and every open socket kept its own two handles.
     */
    private static final ClassValue<MethodHandle[]> HANDLES = new ClassValue<>() {
        @Override
        protected MethodHandle[] computeValue(Class<?> sessionClass) {
            return lookUp(sessionClass);
        }
    };

    private final Object session;
    private final MethodHandle suspend;
    private final MethodHandle resume;

    /** For {@link #of} and for tests, which stand in for a container session. */
    FlowControl(Object session, MethodHandle suspend, MethodHandle resume) {
        this.session = session;
        this.suspend = suspend;
        this.resume = resume;
    }

    /**
     * @param session the container's WebSocket session
     * @return a flow control for it, or {@code null} if the container has none
     */
    static FlowControl of(Object session) {
        MethodHandle[] handles = HANDLES.get(session.getClass());
        return handles.length == 0 ? null : new FlowControl(session, handles[0], handles[1]);
    }

    /** @return Tomcat's {@code suspend} and {@code resume} for this session class, or none */
    private static MethodHandle[] lookUp(Class<?> sessionClass) {
        for (Class<?> type = sessionClass; type != null; type = type.getSuperclass()) {
            if (type.getName().equals(TOMCAT_SESSION)) {
                try {
                    MethodHandles.Lookup lookup = MethodHandles.publicLookup();
                    MethodType noArgs = MethodType.methodType(void.class);
                    return new MethodHandle[] {lookup.findVirtual(type, "suspend", noArgs),
                            lookup.findVirtual(type, "resume", noArgs)};
                } catch (ReflectiveOperationException | RuntimeException e) {
                    return new MethodHandle[0]; // an old Tomcat without suspend(): block instead
                }
            }
        }
        return new MethodHandle[0];
    }

    /** Stops reading after the frame being processed. */
    void pause() {
        invoke(suspend);
    }

    /** Starts reading again (on a container thread). */
    void resume() {
        invoke(resume);
    }

    /**
     * Starts reading again because the inbox has ended (the socket is closing): the container
     * must read the client's answer to the close frame, or find it silent. A failure is only
     * logged, so that it never stops the close.
     */
    void resumeAtEnd() {
        try {
            resume();
        } catch (RuntimeException e) {
            Log.debug(null, "resuming a paused socket at its end failed: " + e);
        }
    }

    private void invoke(MethodHandle method) {
        try {
            method.invoke(session);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
    }
}
