package org.spoc.ticket;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

class ArchitectureTests {

    private final JavaClasses classes = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("org.spoc.ticket");

    @Test
    void keepsTheDomainFreeOfWebMessagingAndKafka() {
        noClasses().that().resideInAPackage("org.spoc.ticket.domain..")
                .should().dependOnClassesThat().resideInAnyPackage("org.spoc.ticket.web..",
                        "org.spoc.ticket.messaging..", "org.spoc.ticket.config..", "org.springframework.kafka..",
                        "org.springframework.web..", "org.spoc.kit.web..", "org.spoc.kit.messaging..",
                        "jakarta.servlet..")
                .check(classes);
    }

    @Test
    void keepsWebAndMessagingApart() {
        noClasses().that().resideInAPackage("org.spoc.ticket.web..")
                .should().dependOnClassesThat().resideInAPackage("org.spoc.ticket.messaging..").check(classes);
        noClasses().that().resideInAPackage("org.spoc.ticket.messaging..")
                .should().dependOnClassesThat().resideInAPackage("org.spoc.ticket.web..").check(classes);
    }
}
