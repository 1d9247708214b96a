/**
 * The service-provider interface between the page API and a runtime: what csp-websocket-impl
 * (or a cluster binding, or a fake runtime in unit tests) implements. Not for application code.
 * Arguments are non-null unless a method says otherwise.
 */
package io.cspwebsocket.spi;
