package io.cspwebsocket.impl.internal;

import java.util.concurrent.atomic.LongAdder;

/** The counters behind {@link io.cspwebsocket.impl.CspWebSocketsMXBean}: cheap to bump from any thread. */
final class Metrics {
    final LongAdder opened = new LongAdder();
    final LongAdder messagesIn = new LongAdder();
    final LongAdder messagesOut = new LongAdder();
    final LongAdder refusedHandshakes = new LongAdder();
    final LongAdder sendTimeouts = new LongAdder();
    final LongAdder callbackErrors = new LongAdder();
}
