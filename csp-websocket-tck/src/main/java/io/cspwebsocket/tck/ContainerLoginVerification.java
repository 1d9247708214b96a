package io.cspwebsocket.tck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.cspwebsocket.tck.pages.PrincipalPage;
import io.cspwebsocket.tck.support.TckProbe;
import io.cspwebsocket.tck.support.VerificationBase;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Objects;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;

/**
 * SPEC §8.3 with container authentication: a {@code <security-constraint>} on a page's URL and
 * a {@code <login-config>} (BASIC, realm {@value #REALM}) are enforced before any page code, and
 * the page sees the principal and roles the container established.
 *
 * <p>The concrete class declares the deployment:
 * <pre>{@code
 * @Deployment(testable = false)
 * static WebArchive war() { return ContainerLoginVerification.loginWar(); }
 * }</pre>
 *
 * <p>The users are alice (groups/roles {@code user}, {@code admin}), bob ({@code user}) and eve
 * ({@code guest}), with the password {@code <name>-secret}. On Tomcat the WAR brings them, in a
 * {@code META-INF/context.xml} realm ({@code MemoryRealm} over a users file written when the WAR is
 * built). Other containers ignore that file: their runner creates the users in the realm named
 * {@value #REALM}, with groups mapped to roles of the same names (on Payara Micro, as this
 * project's Payara module does: {@code create-file-user} in a post-boot command file and
 * {@code activate-default-principal-to-role-mapping=true}).
 */
public abstract class ContainerLoginVerification extends VerificationBase {

    /** Name (and context path) of {@link #loginWar()}. */
    public static final String WAR_NAME = "csp-tck-login";
    /** The realm name of the {@code <login-config>}. */
    public static final String REALM = "file";

    /** For the concrete run. */
    protected ContainerLoginVerification() {
    }

    /**
     * @return the standard WAR plus a {@code web.xml} that protects {@link PrincipalPage}'s URL
     *         (role {@code user}, BASIC login) and a Tomcat realm with alice (user, admin) and bob (user)
     */
    public static WebArchive loginWar() {
        Path users;
        try {
            users = Files.createTempFile("csp-tck-users", ".xml");
            Files.writeString(users, """
                    <?xml version="1.0" encoding="UTF-8"?>
                    <tomcat-users>
                      <user username="alice" password="alice-secret" roles="user,admin"/>
                      <user username="bob" password="bob-secret" roles="user"/>
                      <user username="eve" password="eve-secret" roles="guest"/>
                    </tomcat-users>
                    """, StandardCharsets.UTF_8);
            users.toFile().deleteOnExit();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String contextXml = "<Context>\n  <Realm className=\"org.apache.catalina.realm.MemoryRealm\" pathname=\""
                + users.toAbsolutePath() + "\"/>\n</Context>\n";
        String webXml = """
                <?xml version="1.0" encoding="UTF-8"?>
                <web-app xmlns="https://jakarta.ee/xml/ns/jakartaee"
                         xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
                         xsi:schemaLocation="https://jakarta.ee/xml/ns/jakartaee https://jakarta.ee/xml/ns/jakartaee/web-app_6_0.xsd"
                         version="6.0" metadata-complete="false">
                  <security-constraint>
                    <web-resource-collection>
                      <web-resource-name>the principal page</web-resource-name>
                      <url-pattern>/csp/user/%s.cls</url-pattern>
                    </web-resource-collection>
                    <auth-constraint>
                      <role-name>user</role-name>
                    </auth-constraint>
                  </security-constraint>
                  <login-config>
                    <auth-method>BASIC</auth-method>
                    <realm-name>%s</realm-name>
                  </login-config>
                  <security-role><role-name>user</role-name></security-role>
                  <security-role><role-name>admin</role-name></security-role>
                </web-app>
                """.formatted(PrincipalPage.NAME, REALM);
        return TckDeployments.war(WAR_NAME)
                .setWebXML(new StringAsset(webXml))
                .addAsManifestResource(new StringAsset(contextXml), "context.xml");
    }

    /**
     * §8.3: a handshake without credentials, with a wrong password, or by a user without the
     * required role is refused by the container (401/403) and creates no page.
     *
     * <p>If this test fails, check that the library's handshake runs where the container's
     * security constraints apply (a servlet at the page's URL), not before them.
     */
    @Test
    public void required_spec8_3_theContainersLoginIsEnforcedBeforeAnyPageCode() {
        TckProbe probe = probe();
        String before = probe.get(PrincipalPage.INSTANCES);
        String token = token();
        assertEquals(401, TckClient.to(env, page(PrincipalPage.NAME, "t=" + token)).refusedStatus(), "no credentials");
        assertEquals(401, TckClient.to(env, page(PrincipalPage.NAME, "t=" + token))
                .header("Authorization", basic("alice", "wrong")).refusedStatus(), "a wrong password");
        assertEquals(403, TckClient.to(env, page(PrincipalPage.NAME, "t=" + token))
                .header("Authorization", basic("eve", "eve-secret")).refusedStatus(), "a user without the role");
        assertNull(probe.get(token + ".pre"), "onPreServer ran for a handshake the container refused");
        env.assertStays("no page to be created for a handshake the container refused",
                () -> Objects.equals(before, probe.get(PrincipalPage.INSTANCES)));
    }

    /**
     * §8.3: a page behind container login sees the principal and the roles of the authenticated
     * user, in {@code onPreServer} and in {@code server()}.
     *
     * <p>If this test fails, check that the handshake facts are taken from the request the
     * container authenticated.
     */
    @Test
    public void required_spec8_3_pagesSeeThePrincipalOfTheContainersLogin() {
        String token = token();
        TckClient alice = track(TckClient.to(env, page(PrincipalPage.NAME, "t=" + token))
                .header("Authorization", basic("alice", "alice-secret")).connect());
        alice.awaitText("user=alice admin=true");
        assertEquals(1000, alice.awaitClose().code());
        assertEquals("user=alice admin=true", probe().get(token + ".pre"), "what onPreServer saw");
        TckClient bob = track(TckClient.to(env, page(PrincipalPage.NAME, null))
                .header("Authorization", basic("bob", "bob-secret")).connect());
        bob.awaitText("user=bob admin=false");
        assertEquals(1000, bob.awaitClose().code());
    }

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }
}
