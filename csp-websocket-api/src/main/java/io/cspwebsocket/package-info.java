/**
 * The page API of csp-websocket: {@link io.cspwebsocket.CspWebSocket} and its values, the Java
 * form of InterSystems {@code %CSP.WebSocket}. This package has no dependencies beyond the JDK
 * and no container types. Arguments must not be {@code null} unless a method says otherwise.
 */
package io.cspwebsocket;
