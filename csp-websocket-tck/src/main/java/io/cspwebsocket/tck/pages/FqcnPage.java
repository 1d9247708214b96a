package io.cspwebsocket.tck.pages;

import io.cspwebsocket.CspClass;
import io.cspwebsocket.CspStatus;

/** A page with no CSP name: served under its Java class name (SPEC §1.1). Greets, then ends. */
@CspClass
public class FqcnPage extends TckPage {

    /** Created by the runtime. */
    public FqcnPage() {
    }

    @Override
    protected CspStatus server() {
        write("fqcn");
        return CspStatus.OK;
    }
}
