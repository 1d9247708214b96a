/**
 * Fixtures of {@link io.cspwebsocket.tck.CdiVerification}, deployed only in
 * {@link io.cspwebsocket.tck.TckDeployments#cdiWar()} (with a {@code beans.xml}): a page with an
 * {@code @Inject} field, {@code @PostConstruct} and {@code @PreDestroy}, and the
 * application-scoped bean it injects. They use CDI only through annotations, so that they also
 * load where there is no CDI (Tomcat). Internal TCK use only.
 */
package io.cspwebsocket.tck.cdi;
