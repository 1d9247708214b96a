package io.cspwebsocket.tck.pages;

import io.cspwebsocket.CspClass;
import io.cspwebsocket.CspStatus;

/**
 * Writes to a client that does not read (SPEC §4.3): 64 KiB messages until a write is not OK
 * (at most 4,096 of them, 256 MiB), then records {@code write=<code>}, {@code count} (OK
 * writes) and {@code ms} (how long the failing write took) under the token.
 */
@CspClass("TCK.Flood")
public class FloodPage extends TckPage {

    /** The CSP class name. */
    public static final String NAME = "TCK.Flood";

    /** Created by the runtime. */
    public FloodPage() {
    }

    @Override
    protected CspStatus server() {
        String chunk = "x".repeat(64 * 1024);
        int count = 0;
        CspStatus status = CspStatus.OK;
        long took = 0;
        while (count < 4096) {
            long start = System.nanoTime();
            status = write(chunk);
            took = (System.nanoTime() - start) / 1_000_000;
            if (!status.isOk()) {
                break;
            }
            count++;
        }
        Board.put(key("count"), Integer.toString(count));
        Board.put(key("ms"), Long.toString(took));
        Board.put(key("write"), code(status));
        return CspStatus.OK;
    }

    @Override
    protected CspStatus onPostServer() {
        recordPostServer();
        return CspStatus.OK;
    }
}
