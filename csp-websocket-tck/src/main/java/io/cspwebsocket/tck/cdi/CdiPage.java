package io.cspwebsocket.tck.cdi;

import io.cspwebsocket.CspClass;
import io.cspwebsocket.CspStatus;
import io.cspwebsocket.ReadResult;
import io.cspwebsocket.tck.pages.Board;
import io.cspwebsocket.tck.pages.TckPage;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Inject;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A page with an {@code @Inject} field of an application-scoped bean, a {@code @PostConstruct}
 * and a {@code @PreDestroy}. With request parameter {@code refuse=1} its {@code onPreServer}
 * refuses the connection.
 *
 * <p>{@code server()} writes one report ({@code key=value} lines): {@code injected} (the field
 * is set), {@code postConstructs} (how often {@code @PostConstruct} ran on this instance),
 * {@code postConstructSawInjection}, {@code preServerSawPostConstruct}, {@code greeting} and
 * {@code bean} (the bean's number); then it echoes until the client closes.
 *
 * <p>Records under the token: {@code id}, {@code post} (onPostServer runs),
 * {@code preDestroy} ({@code after onPostServer}, {@code after a refusal} or
 * {@code before onPostServer}), {@code preDestroys} (its run count). Internal TCK use only.
 */
@CspClass(CdiPage.NAME)
public class CdiPage extends TckPage {

    /** The CSP class name. */
    public static final String NAME = "TCK.Cdi";

    @Inject
    private CdiGreeting greeting;

    private final AtomicInteger postConstructs = new AtomicInteger();
    private volatile boolean postConstructSawInjection;
    private volatile boolean preServerSawPostConstruct;
    private volatile boolean refused;
    private volatile boolean postServerDone;

    /** Created by the runtime (through CDI where the container has it). */
    public CdiPage() {
    }

    @PostConstruct
    void constructed() {
        postConstructs.incrementAndGet();
        postConstructSawInjection = greeting != null;
    }

    @Override
    protected CspStatus onPreServer() {
        preServerSawPostConstruct = postConstructs.get() > 0;
        if ("1".equals(getRequestParameter("refuse"))) {
            refused = true;
            return CspStatus.error("refused by the test");
        }
        return CspStatus.OK;
    }

    @Override
    protected CspStatus server() {
        Board.put(key("id"), getWebSocketId());
        Map<String, String> report = new LinkedHashMap<>();
        report.put("injected", Boolean.toString(greeting != null));
        report.put("postConstructs", Integer.toString(postConstructs.get()));
        report.put("postConstructSawInjection", Boolean.toString(postConstructSawInjection));
        report.put("preServerSawPostConstruct", Boolean.toString(preServerSawPostConstruct));
        report.put("greeting", greeting == null ? "none" : greeting.greet(token()));
        report.put("bean", greeting == null ? "none" : Integer.toString(greeting.instance()));
        StringBuilder message = new StringBuilder();
        report.forEach((k, v) -> message.append(k).append('=').append(v).append('\n'));
        write(message.toString());
        for (;;) {
            ReadResult r = read();
            if (r.status().isError()) {
                return CspStatus.OK;
            }
            write(r.data());
        }
    }

    @Override
    protected CspStatus onPostServer() {
        recordPostServer();
        postServerDone = true;
        return CspStatus.OK;
    }

    @PreDestroy
    void destroyed() {
        Board.put(key("preDestroy"), refused ? "after a refusal" : postServerDone ? "after onPostServer" : "before onPostServer");
        Board.increment(key("preDestroys"));
    }
}
