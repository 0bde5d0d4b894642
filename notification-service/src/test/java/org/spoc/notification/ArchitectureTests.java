package org.spoc.notification;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

class ArchitectureTests {

    static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages("org.spoc.notification");

    @Test
    void keepsTheDomainFreeOfWebMessagingAndKafka() {
        noClasses().that().resideInAPackage("..notification.domain..")
                .should().dependOnClassesThat().resideInAnyPackage("..notification.web..",
                        "..notification.messaging..", "..notification.config..", "org.springframework.kafka..",
                        "org.springframework.web..", "jakarta.servlet..")
                .check(CLASSES);
    }
}
