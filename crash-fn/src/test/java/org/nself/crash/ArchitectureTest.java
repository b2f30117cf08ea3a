package org.nself.crash;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;
import org.nself.shared.error.ApiError;
import org.nself.shared.error.ApiException;
import org.nself.shared.limits.StorableValues;

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
                .resideInAnyPackage("io.micronaut..", "java.sql..", "jakarta..")
                .check(classes);
        noClasses()
                .that()
                .resideInAPackage("org.nself.crash.grouping..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("org.nself.shared..")
                .check(classes);
    }

    @Test
    void eventParsingUsesOnlyTheFrameworkFreeReadersAndRefusalOfShared() {
        // the one JSON field reader, NUL rule, RFC 3339 parser and refusal type (issue 12), nothing else
        noClasses()
                .that()
                .resideInAPackage("org.nself.crash.event..")
                .should()
                .dependOnClassesThat(JavaClass.Predicates.resideInAPackage("org.nself.shared..")
                        .and(DescribedPredicate.not(JavaClass.Predicates.resideInAnyPackage(
                                        "org.nself.shared.json", "org.nself.shared.time")
                                .or(JavaClass.Predicates.belongToAnyOf(
                                        StorableValues.class, ApiException.class, ApiError.class)))))
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
