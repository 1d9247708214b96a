/**
 * The bridge between the page class and the runtime ({@link io.cspwebsocket.internal.CspPageAccess}):
 * not API. The module exports this package to {@code io.cspwebsocket.impl} only.
 */
package io.cspwebsocket.internal;
