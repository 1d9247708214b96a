package io.cspwebsocket.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.cspwebsocket.CspStatus;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** {@link RequestMemory} runs a request once within its window and capacity, and forgets after. */
class RequestMemoryTest {

    private final AtomicLong now = new AtomicLong();
    private final AtomicInteger runs = new AtomicInteger();
    private final RequestMemory memory = new RequestMemory(Duration.ofSeconds(10), 3, now::get);

    private CspStatus run(String replyTo, long id) {
        return memory.once(replyTo, id, () -> {
            runs.incrementAndGet();
            return CompletableFuture.completedFuture(CspStatus.OK);
        }).toCompletableFuture().join();
    }

    @Test
    void aRequestSeenAgainIsAnsweredWithTheFirstOutcome() {
        CompletableFuture<CspStatus> first = new CompletableFuture<>();
        var a = memory.once("r", 1, () -> first);
        var b = memory.once("r", 1, () -> CompletableFuture.completedFuture(CspStatus.CLOSED));
        first.complete(CspStatus.OK);
        assertSame(CspStatus.OK, a.toCompletableFuture().join());
        assertSame(CspStatus.OK, b.toCompletableFuture().join(), "the retry waited for the first execution");
        assertEquals(CspStatus.OK, run("other caller", 1));
        assertEquals(1, runs.get(), "the same id from another caller is another request");
    }

    @Test
    void requestsAreForgottenAfterTheWindowOrBeyondTheCapacity() {
        run("r", 1);
        now.addAndGet(Duration.ofSeconds(11).toNanos());
        run("r", 2); // forgets 1, expired
        run("r", 1);
        assertEquals(3, runs.get(), "an expired request runs again");
        run("r", 3);
        run("r", 4);
        run("r", 5); // over the capacity of 3: the oldest goes
        assertEquals(3, memory.size());
        run("r", 5);
        assertEquals(6, runs.get());
    }
}
