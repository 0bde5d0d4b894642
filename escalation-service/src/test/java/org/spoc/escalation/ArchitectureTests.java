package org.spoc.escalation;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

class ArchitectureTests {

    final JavaClasses classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("org.spoc.escalation");

    @Test
    void keepsTheDomainFreeOfWebMessagingAndKafka() {
        noClasses().that().resideInAPackage("..escalation.domain..").should().dependOnClassesThat()
                .resideInAnyPackage("..escalation.web..", "..escalation.messaging..", "..escalation.config..",
                        "org.springframework.kafka..", "org.apache.kafka..", "org.springframework.web..")
                .check(classes);
    }

    @Test
    void keepsMessagingFreeOfWeb() {
        noClasses().that().resideInAPackage("..escalation.messaging..").should().dependOnClassesThat()
                .resideInAnyPackage("..escalation.web..").check(classes);
    }
}
