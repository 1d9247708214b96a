package io.cspwebsocket.reliability.pages;

import io.cspwebsocket.CspClass;

/** The handshake fuzz's page with an HTTP session (SPEC §7.1: created on the handshake, cookie on the 101). */
@CspClass("Rel.Fuzz")
public class Fuzz extends FuzzPage {
}
