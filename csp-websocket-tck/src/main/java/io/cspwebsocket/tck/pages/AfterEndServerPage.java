package io.cspwebsocket.tck.pages;

import io.cspwebsocket.CspClass;
import io.cspwebsocket.CspStatus;
import io.cspwebsocket.ReadResult;
import java.time.Duration;

/**
 * {@code endServer()} from {@code server()} (SPEC §3.3, §4.3, §5): writes {@code "ending"},
 * calls {@code endServer()} twice, then {@code read(0, 20 s)} and {@code write("late")}, and
 * records {@code first}, {@code second} (endServer statuses), {@code read} (code),
 * {@code readMs} (how long the read took) and {@code write} (code) under the token, then
 * returns OK. {@code onPostServer} records the usual {@code post} and {@code closeCode}.
 */
@CspClass("TCK.AfterEndServer")
public class AfterEndServerPage extends TckPage {

    /** The CSP class name. */
    public static final String NAME = "TCK.AfterEndServer";

    /** Created by the runtime. */
    public AfterEndServerPage() {
    }

    @Override
    protected CspStatus server() {
        write("ending");
        CspStatus first = endServer();
        CspStatus second = endServer();
        long start = System.nanoTime();
        ReadResult r = read(0, Duration.ofSeconds(20));
        long readMs = (System.nanoTime() - start) / 1_000_000;
        CspStatus late = write("late");
        Board.put(key("second"), code(second));
        Board.put(key("read"), code(r.status()) + ":" + r.data());
        Board.put(key("readMs"), Long.toString(readMs));
        Board.put(key("write"), code(late));
        Board.put(key("first"), code(first));
        return CspStatus.OK;
    }

    @Override
    protected CspStatus onPostServer() {
        recordPostServer();
        return CspStatus.OK;
    }
}
