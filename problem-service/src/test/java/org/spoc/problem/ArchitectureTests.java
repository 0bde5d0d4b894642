package org.spoc.problem;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

class ArchitectureTests {

    private static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages("org.spoc.problem");

    @Test
    void keepsTheDomainFreeOfWebMessagingStoreConfigAndSpring() {
        noClasses().that().resideInAPackage("..problem.domain..")
                .should().dependOnClassesThat().resideInAnyPackage("..problem.web..", "..problem.messaging..",
                        "..problem.store..", "..problem.config..", "org.springframework..", "org.spoc.kit..",
                        "org.apache.kafka..", "com.mongodb..", "org.bson..")
                .check(CLASSES);
    }

    @Test
    void keepsDetectionFreeOfTheProblemAggregate() {
        noClasses().that().resideInAPackage("..problem.domain.detection..")
                .should().dependOnClassesThat().resideInAnyPackage("org.spoc.problem.domain")
                .check(CLASSES);
    }
}
