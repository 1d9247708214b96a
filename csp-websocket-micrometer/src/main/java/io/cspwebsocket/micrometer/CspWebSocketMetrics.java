package io.cspwebsocket.micrometer;

import io.cspwebsocket.impl.CspWebSocketApplications;
import io.cspwebsocket.impl.CspWebSocketStatistics;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * Micrometer meters of csp-websocket applications. Every meter is tagged {@code application} (the
 * context path); tag values are page names and fixed words only, never ids, URLs or session ids.
 *
 * <table>
 *   <caption>Meters</caption>
 *   <tr><th>name</th><th>type</th><th>tags</th></tr>
 *   <tr><td>{@value #SOCKETS_OPEN}</td><td>gauge</td><td>{@code page}, {@code mode} ({@code synchronous}|{@code shared})</td></tr>
 *   <tr><td>{@value #SOCKETS_OPENED}</td><td>counter</td><td>{@code page}</td></tr>
 *   <tr><td>{@value #MESSAGES}</td><td>counter</td><td>{@code direction} ({@code in}|{@code out})</td></tr>
 *   <tr><td>{@value #BYTES}</td><td>counter (bytes)</td><td>{@code direction} ({@code in}|{@code out})</td></tr>
 *   <tr><td>{@value #HANDSHAKES_REFUSED}</td><td>counter</td><td>{@code reason}
 *       ({@link io.cspwebsocket.impl.CspWebSocketStatistics.Refusal#tag()})</td></tr>
 *   <tr><td>{@value #SEND_TIMEOUTS}</td><td>counter</td><td></td></tr>
 *   <tr><td>{@value #CALLBACK_ERRORS}</td><td>counter</td><td></td></tr>
 * </table>
 *
 * <p>Without Spring, bind it once to the application's registry, e.g. from a
 * {@code ServletContextListener} of a WAR that has this module and Micrometer in {@code WEB-INF/lib}:
 * <pre>{@code
 * CspWebSocketMetrics metrics = new CspWebSocketMetrics();   // every application of this class loader
 * metrics.bindTo(registry);
 * ...
 * metrics.close();                                           // stops following starts and stops
 * }</pre>
 * The meters of an application are added when it starts (at once for one running already) and
 * removed when it stops. With Spring Boot and Actuator, the starter registers one for the
 * application's own pages.
 */
public final class CspWebSocketMetrics implements MeterBinder, AutoCloseable {

    /** Gauge: sockets open now. */
    public static final String SOCKETS_OPEN = "csp.websocket.sockets.open";
    /** Counter: sockets opened since deployment. */
    public static final String SOCKETS_OPENED = "csp.websocket.sockets.opened";
    /** Counter: complete messages received and sent. */
    public static final String MESSAGES = "csp.websocket.messages";
    /** Counter: message bytes received and sent (text in UTF-8). */
    public static final String BYTES = "csp.websocket.bytes";
    /** Counter: refused handshakes. */
    public static final String HANDSHAKES_REFUSED = "csp.websocket.handshakes.refused";
    /** Counter: writes that did not complete within the send timeout. */
    public static final String SEND_TIMEOUTS = "csp.websocket.send.timeouts";
    /** Counter: page callbacks that threw or returned an error status. */
    public static final String CALLBACK_ERRORS = "csp.websocket.callback.errors";

    /** Tag: the application's context path. */
    public static final String TAG_APPLICATION = "application";
    /** Tag: the page's CSP class name. */
    public static final String TAG_PAGE = "page";
    /** Tag: {@code synchronous} or {@code shared}. */
    public static final String TAG_MODE = "mode";
    /** Tag: {@code in} or {@code out}. */
    public static final String TAG_DIRECTION = "direction";
    /** Tag: why a handshake was refused. */
    public static final String TAG_REASON = "reason";

    private final Predicate<CspWebSocketStatistics> which;
    private final Iterable<Tag> tags;
    private final List<CspWebSocketApplications.Subscription> subscriptions = new ArrayList<>();

    /** Meters for every application of this class loader, running now or started later. */
    public CspWebSocketMetrics() {
        this(Tags.empty());
    }

    /** @param tags added to every meter */
    public CspWebSocketMetrics(Iterable<Tag> tags) {
        this(application -> true, tags);
    }

    /**
     * Meters for one application only (several in one class loader, as Spring test contexts are, would
     * otherwise share names and tags).
     *
     * @param application the application, e.g. from {@code CspServletContainerInitializer.statistics()}
     * @param tags added to every meter
     */
    public CspWebSocketMetrics(CspWebSocketStatistics application, Iterable<Tag> tags) {
        this(Objects.requireNonNull(application, "application")::equals, tags);
    }

    private CspWebSocketMetrics(Predicate<CspWebSocketStatistics> which, Iterable<Tag> tags) {
        this.which = which;
        this.tags = Objects.requireNonNull(tags, "tags");
    }

    /** Adds the meters of the applications running now, and from now on those of each that starts. */
    @Override
    public void bindTo(MeterRegistry registry) {
        CspWebSocketApplications.Subscription subscription =
                CspWebSocketApplications.subscribe(new RegistryListener(registry, which, tags));
        synchronized (subscriptions) {
            subscriptions.add(subscription);
        }
    }

    /** Stops following applications' starts and stops; meters already registered stay. */
    @Override
    public void close() {
        synchronized (subscriptions) {
            subscriptions.forEach(CspWebSocketApplications.Subscription::close);
            subscriptions.clear();
        }
    }
}
