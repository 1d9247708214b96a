package io.cspwebsocket.tck.pages;

import io.cspwebsocket.CspClass;
import io.cspwebsocket.CspStatus;
import io.cspwebsocket.ReadResult;
import java.time.Duration;

/**
 * For undeploy (SPEC §10), reporting on the {@link JvmBoard} so the facts outlive the
 * deployment. Request parameter {@code stubborn=1} makes it ignore 7951: it keeps polling
 * until 20 s have passed (a page the library must abandon after a bounded wait). Otherwise it
 * echoes until the read reports the close and returns {@code endServer()}. Records
 * {@code <token>.thread} (its {@code server()} thread, weakly) and, in {@code onPostServer},
 * {@code <token>.post} = the close code.
 */
@CspClass("TCK.Shutdown")
public class ShutdownPage extends TckPage {

    /** The CSP class name. */
    public static final String NAME = "TCK.Shutdown";

    /** Created by the runtime. */
    public ShutdownPage() {
    }

    @Override
    protected CspStatus server() {
        JvmBoard.putCurrentThread(key("thread"));
        write("ready");
        if ("1".equals(getRequestParameter("stubborn"))) {
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (System.nanoTime() - deadline < 0) {
                try {
                    read(0, Duration.ofMillis(50));
                    Thread.sleep(10);
                } catch (InterruptedException e) {
                    // A stubborn page ignores interrupts too (the flag is cleared by the throw).
                    JvmBoard.put(key("interrupted"), "yes");
                } catch (RuntimeException e) {
                    JvmBoard.put(key("readThrew"), e.getClass().getName());
                }
            }
            return CspStatus.OK;
        }
        for (;;) {
            ReadResult r = read();
            if (r.status().isError()) {
                break;
            }
            write(r.data());
        }
        return endServer();
    }

    @Override
    protected CspStatus onPostServer() {
        JvmBoard.put(key("post"), Integer.toString(getCloseCode()));
        return CspStatus.OK;
    }
}
