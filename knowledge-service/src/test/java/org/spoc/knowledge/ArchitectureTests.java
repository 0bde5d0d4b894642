package org.spoc.knowledge;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

class ArchitectureTests {

    private static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages("org.spoc.knowledge");

    @Test
    void keepsTheDomainFreeOfWebMessagingConfigAndKafka() {
        noClasses().that().resideInAPackage("..knowledge.domain..")
                .should().dependOnClassesThat().resideInAnyPackage("..knowledge.web..", "..knowledge.messaging..",
                        "..knowledge.config..", "org.springframework.kafka..", "org.springframework.web..",
                        "org.spoc.kit.web..", "jakarta.servlet..")
                .check(CLASSES);
    }
}
