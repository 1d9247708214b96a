package io.cspwebsocket.spring.boot.tests.echo;

import io.cspwebsocket.CspClass;
import io.cspwebsocket.CspStatus;
import io.cspwebsocket.CspWebSocket;
import io.cspwebsocket.ReadResult;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import java.time.Duration;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;

/**
 * The SPEC's echo page with injected beans: constructor injection (it has no no-argument
 * constructor), an {@code @Autowired} field, a {@code @Value}, and the life-cycle callbacks.
 */
@CspClass("Spring.Echo")
public class EchoPage extends CspWebSocket {

    private final Greeter greeter;
    private final PageCensus census;
    @Autowired
    private PageCensus fieldInjected;
    @Value("${echo.suffix}")
    private String suffix;
    private int number;

    /**
     * @param greeter injected
     * @param census injected
     */
    public EchoPage(Greeter greeter, PageCensus census) {
        this.greeter = greeter;
        this.census = census;
    }

    @PostConstruct
    void created() {
        number = census.created();
    }

    @Override
    protected CspStatus onPreServer() {
        census.event("onPreServer " + number);
        return "yes".equals(getRequestParameter("refuse")) ? CspStatus.error("refused on request") : CspStatus.OK;
    }

    @Override
    protected CspStatus server() {
        for (;;) {
            ReadResult r = read(32656, Duration.ofSeconds(30));
            if (r.status().isClosed()) {
                break;
            }
            if (r.status().isTimeout()) {
                continue;
            }
            switch (r.data()) {
                case "exit" -> {
                    return endServer();
                }
                case "number" -> write(Integer.toString(number));
                case "injected" -> write((fieldInjected == census) + "|" + suffix);
                default -> write(greeter.greet(r.data()) + suffix);
            }
        }
        return endServer();
    }

    @Override
    protected CspStatus onPostServer() {
        census.event("onPostServer " + number);
        return CspStatus.OK;
    }

    @PreDestroy
    void destroyed() {
        census.event("preDestroy " + number);
    }
}
