/**
 * Client-side helpers of the verifications: the probe client, report parsing, log capture
 * and the shared base class. Internal TCK use only.
 */
package io.cspwebsocket.tck.support;
