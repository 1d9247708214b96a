/**
 * The Spring Boot side of the TCK run on Spring Boot: the application a TCK archive becomes and its
 * launcher, loaded in the application's own class loader (never on the test class path). Internal
 * TCK use only.
 */
package io.cspwebsocket.tck.springboot;
