package io.cspwebsocket.spring.boot;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.context.annotation.Import;
import org.springframework.core.annotation.AliasFor;

/**
 * Names the packages whose {@link io.cspwebsocket.CspClass} pages the application serves, in place
 * of the default: the packages of the {@code @SpringBootApplication} (its auto-configuration
 * packages). Put it on any {@code @Configuration} class; several are added together.
 *
 * <pre>{@code
 * @SpringBootApplication
 * @CspPageScan(basePackageClasses = ChatServer.class)
 * public class MyApplication { ... }
 * }</pre>
 *
 * <p>Without packages named, the package of the annotated class is scanned.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Import(CspPageScanRegistrar.class)
public @interface CspPageScan {

    /** @return alias of {@link #basePackages()} */
    @AliasFor("basePackages")
    String[] value() default {};

    /** @return packages to scan, sub-packages included */
    @AliasFor("value")
    String[] basePackages() default {};

    /** @return classes whose packages are scanned, a type-safe form of {@link #basePackages()} */
    Class<?>[] basePackageClasses() default {};
}
