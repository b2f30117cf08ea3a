package org.nself.anomaly;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The boundaries of anomaly-fn: pure rules, no package cycles, controllers without SQL or transactions. */
class ArchitectureTest {
    private final JavaClasses classes = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("org.nself.anomaly");

    @Test
    void theAlgorithmsAndTheThresholdRulesDependOnNoFrameworkAndNoDatabase() {
        noClasses()
                .that()
                .resideInAnyPackage("org.nself.anomaly.algorithm..", "org.nself.anomaly.threshold..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("io.micronaut..", "java.sql..", "javax.sql..", "jakarta..", "org.nself.shared..")
                .check(classes);
    }

    @Test
    void thePackagesDependOnEachOtherWithoutCycles() {
        slices().matching("org.nself.anomaly.(*)..").should().beFreeOfCycles().check(classes);
    }

    @Test
    void controllersOpenNoTransactions() {
        noClasses()
                .that()
                .haveSimpleNameEndingWith("Controller")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("io.micronaut.transaction..", "jakarta.transaction..")
                .check(classes);
    }

    @Test
    void noControllerTouchesJdbc() {
        noClasses()
                .that()
                .haveSimpleNameEndingWith("Controller")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("java.sql..", "javax.sql..")
                .check(classes);
    }
}
