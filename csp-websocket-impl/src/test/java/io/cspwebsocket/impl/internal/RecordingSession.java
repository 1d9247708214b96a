package io.cspwebsocket.impl.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.concurrent.atomic.AtomicInteger;

/** Stands in for Tomcat's session behind a {@link FlowControl}: counts its suspends and resumes. */
final class RecordingSession {
    final AtomicInteger suspends = new AtomicInteger();
    final AtomicInteger resumes = new AtomicInteger();

    void suspend() {
        suspends.incrementAndGet();
    }

    void resume() {
        resumes.incrementAndGet();
    }

    /** @return a flow control over this session ({@link FlowControl#of} only knows Tomcat's own class) */
    FlowControl flow() {
        MethodType noArgs = MethodType.methodType(void.class);
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            return new FlowControl(this, lookup.findVirtual(RecordingSession.class, "suspend", noArgs),
                    lookup.findVirtual(RecordingSession.class, "resume", noArgs));
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }
}
