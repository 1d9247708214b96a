package io.cspwebsocket.spring.boot;

import java.util.LinkedHashSet;
import java.util.Set;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.context.annotation.ImportBeanDefinitionRegistrar;
import org.springframework.core.annotation.AnnotationAttributes;
import org.springframework.core.type.AnnotationMetadata;
import org.springframework.util.ClassUtils;

/** Adds the packages of each {@link CspPageScan} to the application's {@link CspPagePackages}. */
final class CspPageScanRegistrar implements ImportBeanDefinitionRegistrar {

    @Override
    public void registerBeanDefinitions(AnnotationMetadata metadata, BeanDefinitionRegistry registry) {
        AnnotationAttributes attributes = AnnotationAttributes.fromMap(
                metadata.getAnnotationAttributes(CspPageScan.class.getName()));
        if (attributes == null) {
            return;
        }
        Set<String> packages = new LinkedHashSet<>();
        for (String name : attributes.getStringArray("basePackages")) {
            if (!name.isBlank()) {
                packages.add(name.trim());
            }
        }
        for (Class<?> type : attributes.getClassArray("basePackageClasses")) {
            packages.add(ClassUtils.getPackageName(type));
        }
        if (packages.isEmpty()) {
            packages.add(ClassUtils.getPackageName(metadata.getClassName()));
        }
        CspPagePackages.register(registry, packages);
    }
}
