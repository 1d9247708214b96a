package io.cspwebsocket.spring.boot;

/**
 * The application's web server is not one the starter supports: it serves pages only on Spring
 * Boot's embedded Tomcat (Tomcat 10.1 with Spring Boot 3.5, Tomcat 11 with Spring Boot 4.0), as a
 * servlet web application. Thrown at start-up, so that the application fails instead of running
 * without its pages.
 */
public class UnsupportedServerException extends IllegalStateException {

    private static final long serialVersionUID = 1L;

    /** What is supported, for the message and the failure analysis. */
    static final String SUPPORTED = "csp-websocket-spring-boot-starter serves @CspClass pages only on Spring Boot's "
            + "embedded Tomcat in a servlet web application (Spring Boot 3.5 with Tomcat 10.1, Spring Boot 4.0 with "
            + "Tomcat 11)";

    /** How to get there. */
    static final String ACTION = "Use spring-boot-starter-tomcat (the default server of spring-boot-starter-web) "
            + "instead of Jetty, Undertow or WebFlux, or remove csp-websocket-spring-boot-starter.";

    /**
     * @param found what the application runs on
     */
    public UnsupportedServerException(String found) {
        super(SUPPORTED + "; " + found + ". " + ACTION);
    }

    /** @return the description of what was found, without the advice */
    String found() {
        String message = getMessage();
        return message.substring(SUPPORTED.length() + 2, message.length() - ACTION.length() - 2);
    }
}
