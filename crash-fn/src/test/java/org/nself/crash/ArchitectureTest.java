package org.nself.crash;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The rules of crash reporting stay plain Java: no framework, no SQL, no HTTP in them. */
class ArchitectureTest {
    private final JavaClasses classes = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("org.nself.crash");

    @Test
    void eventParsingAndGroupingDependOnNoFrameworkAndNoDatabase() {
        noClasses()
                .that()
                .resideInAnyPackage("org.nself.crash.event..", "org.nself.crash.grouping..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("io.micronaut..", "java.sql..", "jakarta..", "org.nself.shared..")
                .check(classes);
    }

    @Test
    void thePureRulesOfSessionsStatsAndEnvelopesStayPure() {
        noClasses()
                .that()
                .haveSimpleNameEndingWith("Parser")
                .or()
                .haveSimpleName("EnvelopeFraming")
                .or()
                .haveSimpleName("UserSketch")
                .or()
                .haveSimpleName("SessionCounts")
                .or()
                .haveSimpleName("StatsRange")
                .or()
                .haveSimpleName("GroupStatus")
                .or()
                .haveSimpleName("ReleaseHealthCalculation")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("io.micronaut..", "java.sql..", "jakarta..")
                .check(classes);
    }

    @Test
    void noFeatureReachesIntoAnotherFeaturesRepository() {
        noClasses()
                .that()
                .resideOutsideOfPackage("org.nself.crash.group..")
                .should()
                .dependOnClassesThat()
                .haveSimpleName("GroupRepository")
                .check(classes);
    }
}
