/**
 * Spring Boot auto-configuration of csp-websocket: the {@code @CspClass} pages of an application
 * on embedded Tomcat, created through its {@code ApplicationContext}, with settings from
 * {@code csp.websocket.*} properties. Add {@code csp-websocket-spring-boot-starter} to use it.
 */
package io.cspwebsocket.spring.boot;
