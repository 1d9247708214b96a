package io.cspwebsocket.impl.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cspwebsocket.CspClass;
import io.cspwebsocket.CspStatus;
import io.cspwebsocket.CspWebSocket;
import java.util.List;
import org.junit.jupiter.api.Test;

class ClsPathMapperTest {

    @CspClass("MyApp.Echo")
    public static class Echo extends CspWebSocket {
        @Override
        protected CspStatus server() {
            return CspStatus.OK;
        }
    }

    @CspClass(value = "MyApp.Echo", application = "/csp/other/")
    public static class OtherApplication extends Echo {
    }

    @CspClass
    public static class DefaultName extends Echo {
    }

    @CspClass("MyApp.Echo")
    public static class Duplicate extends Echo {
    }

    @CspClass("Abstract")
    public abstract static class AbstractPage extends CspWebSocket {
    }

    @CspClass("NoCtor")
    public static class NoDefaultConstructor extends Echo {
        public NoDefaultConstructor(String unused) {
        }
    }

    @CspClass("NotAPage")
    public static class NotAPage {
    }

    /** Unannotated abstract bases are fine. */
    public abstract static class Base extends CspWebSocket {
    }

    @Test
    void spec1_1_mapsApplicationAndCspNameToThePage() {
        ClsPathMapper mapper = ClsPathMapper.of(List.of(Echo.class, OtherApplication.class, DefaultName.class, Base.class));
        assertEquals(Echo.class, mapper.find("/csp/user/MyApp.Echo.cls").orElseThrow().pageClass());
        assertEquals(OtherApplication.class, mapper.find("/csp/other/MyApp.Echo.cls").orElseThrow().pageClass());
        assertEquals(DefaultName.class,
                mapper.find("/csp/user/" + DefaultName.class.getName() + ".cls").orElseThrow().pageClass());
        assertEquals(3, mapper.pages().size());
    }

    @Test
    void spec1_1_namesAreCaseSensitive() {
        ClsPathMapper mapper = ClsPathMapper.of(List.of(Echo.class));
        assertFalse(mapper.find("/csp/user/myapp.echo.cls").isPresent());
        assertFalse(mapper.find("/CSP/USER/MyApp.Echo.cls").isPresent());
    }

    @Test
    void spec1_4_unknownNamesAreNotFoundAndLoadNothing() {
        ClsPathMapper mapper = ClsPathMapper.of(List.of(Echo.class));
        assertFalse(mapper.find("/csp/user/java.lang.Runtime.cls").isPresent());
        assertFalse(mapper.find("/csp/user/" + Duplicate.class.getName() + ".cls").isPresent());
    }

    @Test
    void spec1_3_twoPagesOnOnePathFailNamingBoth() {
        PageDeploymentException error = assertThrows(PageDeploymentException.class,
                () -> ClsPathMapper.of(List.of(Echo.class, Duplicate.class)));
        assertTrue(error.getMessage().contains(Echo.class.getName()), error.getMessage());
        assertTrue(error.getMessage().contains(Duplicate.class.getName()), error.getMessage());
    }

    @Test
    void spec1_3_invalidPagesFailNamingEachClass() {
        PageDeploymentException error = assertThrows(PageDeploymentException.class,
                () -> ClsPathMapper.of(List.of(AbstractPage.class, NoDefaultConstructor.class, NotAPage.class)));
        assertEquals(3, error.problems().size(), error.getMessage());
        assertTrue(error.getMessage().contains(AbstractPage.class.getName() + " is annotated @CspClass but is abstract"));
        assertTrue(error.getMessage().contains(NoDefaultConstructor.class.getName()
                + " is annotated @CspClass but has no public no-argument constructor"));
        assertTrue(error.getMessage().contains(NotAPage.class.getName() + " is annotated @CspClass but does not extend"));
    }

    @Test
    void spec1_3_aPageFactoryWaivesOnlyTheNoArgumentConstructorRule() {
        ClsPathMapper mapper = ClsPathMapper.of(List.of(NoDefaultConstructor.class), false);
        PageDescriptor page = mapper.find("/csp/user/NoCtor.cls").orElseThrow();
        assertEquals(null, page.constructor());
        assertThrows(IllegalStateException.class, page::newPage);
        PageDeploymentException error = assertThrows(PageDeploymentException.class,
                () -> ClsPathMapper.of(List.of(AbstractPage.class, NoDefaultConstructor.class, NotAPage.class), false));
        assertEquals(2, error.problems().size(), error.getMessage());
    }

    @Test
    void detectsWhetherAPageHandlesClientMessages() {
        assertFalse(ClsPathMapper.of(List.of(Echo.class)).pages().iterator().next().handlesClientMessages());
    }
}
