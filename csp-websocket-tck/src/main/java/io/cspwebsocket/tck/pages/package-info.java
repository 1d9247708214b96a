/**
 * Fixture pages and servlets deployed by the TCK (every WAR holds all of them): each page
 * does one thing the SPEC describes and reports what it saw over its socket or on the
 * {@link io.cspwebsocket.tck.pages.Board}, read by the test through
 * {@link io.cspwebsocket.tck.pages.ProbeServlet}. Internal TCK use only.
 */
package io.cspwebsocket.tck.pages;
