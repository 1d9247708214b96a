package io.cspwebsocket.reliability.pages;

import io.cspwebsocket.CspClass;

/** The handshake fuzz's page without an HTTP session (SPEC §7.1: none created, not even on the 101). */
@CspClass(value = "Rel.FuzzNoSession", useSession = false)
public class FuzzNoSession extends FuzzPage {
}
