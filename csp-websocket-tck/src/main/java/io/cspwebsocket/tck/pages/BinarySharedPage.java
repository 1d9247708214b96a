package io.cspwebsocket.tck.pages;

import io.cspwebsocket.CspClass;
import io.cspwebsocket.CspStatus;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

/**
 * A shared page with {@code BinaryData} on (SPEC §2.4, §3.4) that overrides both
 * {@code onClientMessage} overloads and records each call under the token, in order, in the
 * comma-separated list {@code calls}: {@code bytes:<close>:<hex>} for the {@code byte[]}
 * overload, {@code string:<close>:<UTF-16 code units in hex>} for the {@code String} overload.
 * Its {@code server()} writes {@code "ready"} (binary, as BinaryData is on) and returns; each
 * message call answers with a binary message: the bytes echoed ({@code byte[]} overload), or
 * the UTF-8 bytes of {@code "string:" + data} ({@code String} overload).
 * {@code onPostServer} records {@code post}, {@code closeCode}, {@code closeReason}.
 */
@CspClass("TCK.BinaryShared")
public class BinarySharedPage extends TckPage {

    /** The CSP class name. */
    public static final String NAME = "TCK.BinaryShared";

    /** Created by the runtime. */
    public BinarySharedPage() {
    }

    @Override
    protected CspStatus onPreServer() {
        setSharedConnection(true);
        setBinaryData(true);
        return CspStatus.OK;
    }

    @Override
    protected CspStatus server() {
        write("ready");
        return CspStatus.OK;
    }

    @Override
    protected CspStatus onClientMessage(byte[] data, int close) {
        Board.append(key("calls"), "bytes:" + close + ":" + HexFormat.of().formatHex(data));
        return close == 0 ? write(data) : CspStatus.OK;
    }

    @Override
    protected CspStatus onClientMessage(String data, int close) {
        Board.append(key("calls"), "string:" + close + ":" + BinaryReadPage.hexChars(data));
        return close == 0 ? write(("string:" + data).getBytes(StandardCharsets.UTF_8)) : CspStatus.OK;
    }

    @Override
    protected CspStatus onPostServer() {
        recordPostServer();
        return CspStatus.OK;
    }
}
