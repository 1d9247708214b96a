/**
 * The demo's launcher: an embedded Tomcat that serves the demo WAR. Compiled apart from the
 * WAR's classes (source root {@code src/launcher/java}), so neither it nor Tomcat is packaged
 * in the WAR.
 */
package io.cspwebsocket.demo.launcher;
