package org.nself.incident;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The incident rules stay plain Java, features do not depend on each other in a circle, and controllers stay thin. */
class ArchitectureTest {
    private final JavaClasses classes = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("org.nself.incident");

    @Test
    void theLifecycleRulesDependOnNoFrameworkAndNoDatabase() {
        noClasses()
                .that()
                .haveNameMatching(
                        "org\\.nself\\.incident\\.lifecycle\\."
                                + "(StatusMachine.*|Status|Severity|Milestones|NewIncident|IncidentDetails|IncidentChange|Incident)")
                .or()
                .haveNameMatching("org\\.nself\\.incident\\.runbook\\.(Applicability|Template)")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("io.micronaut..", "jakarta..", "java.sql..", "javax.sql..")
                .check(classes);
    }

    @Test
    void noFeaturePackagesDependOnEachOtherInACircle() {
        slices().matching("org.nself.incident.(*)..").should().beFreeOfCycles().check(classes);
    }

    @Test
    void controllersTouchNoJdbcAndOpenNoTransaction() {
        noClasses()
                .that()
                .haveSimpleNameEndingWith("Controller")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("java.sql..", "javax.sql..")
                .orShould()
                .dependOnClassesThat()
                .haveSimpleName("TransactionOperations")
                .check(classes);
    }
}
