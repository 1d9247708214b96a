package io.cspwebsocket.reliability;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** Conditions with deadlines: the suite never asserts after a fixed sleep. */
final class Await {

    private Await() {
    }

    /** Waits until the condition holds; fails with the message (and the last value seen) otherwise. */
    static void until(Duration timeout, BooleanSupplier condition, Supplier<String> message) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within " + timeout + ": " + message.get());
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted", e);
            }
        }
    }

    static void until(Duration timeout, BooleanSupplier condition, String message) {
        until(timeout, condition, () -> message);
    }
}
