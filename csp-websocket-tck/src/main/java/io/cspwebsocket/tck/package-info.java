/**
 * The csp-websocket test kit (TCK): one abstract {@code *Verification} class per area of
 * SPEC.md, each test named {@code required_spec<section>_<behaviour>} and documented with what
 * to check when it fails. A container binding runs them by extending each verification in a
 * class annotated {@code @ExtendWith(ArquillianExtension.class)} that declares
 * {@code @Deployment(testable = false) static WebArchive war() { return TckDeployments.war(); }}
 * (see each verification for its deployment). Tests are clients over real sockets
 * ({@link io.cspwebsocket.tck.TckClient}); server-side facts come back through the fixture
 * servlet of {@link io.cspwebsocket.tck.pages}. Timeouts come from
 * {@link io.cspwebsocket.tck.TckEnvironment}.
 */
package io.cspwebsocket.tck;
