package io.cspwebsocket.test;

import io.cspwebsocket.CspWebSocket;
import io.cspwebsocket.impl.CspPageFactory;
import java.lang.reflect.InvocationTargetException;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Creates the pages of a {@link CspTestRuntime} with their public no-argument constructor, as a
 * container without CDI does, and sees each one's end: the core releases a page exactly once,
 * right after its {@code onPostServer} (SPEC §2.5), so the release is when a test may see that
 * {@code onPostServer} ran.
 */
final class PageLifecycles implements CspPageFactory {

    /** The page the core created on this thread during the handshake now in progress. */
    private final ThreadLocal<CspWebSocket> justCreated = new ThreadLocal<>();
    private final Map<CspWebSocket, CompletableFuture<Void>> ends = Collections.synchronizedMap(new IdentityHashMap<>());

    @Override
    public <T extends CspWebSocket> T create(Class<T> pageClass) {
        T page;
        try {
            page = pageClass.getConstructor().newInstance();
        } catch (InvocationTargetException e) {
            throw new IllegalStateException("constructor of " + pageClass.getName() + " threw", e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot instantiate " + pageClass.getName(), e);
        }
        ends.put(page, new CompletableFuture<>());
        justCreated.set(page);
        return page;
    }

    @Override
    public void release(CspWebSocket page) {
        CompletableFuture<Void> end = ends.remove(page);
        if (end != null) {
            end.complete(null);
        }
    }

    /**
     * @return completes when the page created by this thread's handshake has ended (after its
     *         {@code onPostServer}); taken once
     */
    CompletableFuture<Void> takeEndOfCreated() {
        CspWebSocket page = justCreated.get();
        justCreated.remove();
        CompletableFuture<Void> end = page == null ? null : ends.get(page);
        return end != null ? end : CompletableFuture.completedFuture(null); // already released: refused
    }

    @Override
    public String describe() {
        return "with their no-argument constructor (csp-websocket-test)";
    }
}
