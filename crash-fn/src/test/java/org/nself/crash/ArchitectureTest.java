package org.nself.crash;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import io.micronaut.transaction.TransactionOperations;
import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.nself.shared.error.ApiError;
import org.nself.shared.error.ApiException;
import org.nself.shared.limits.StorableValues;

/** The rules of crash reporting stay plain Java: no framework, no SQL, no HTTP in them. */
class ArchitectureTest {
    /** The group tables: {@code np_crash_group*} and the aliases and regressions beside them. */
    private static final List<String> GROUP_TABLES =
            List.of("np_crash_group", "np_crash_fingerprints", "np_crash_regressions");

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
    void minidumpParsingAndStackWalkingDependOnNoFrameworkAndNoDatabase() {
        noClasses()
                .that()
                .resideInAPackage("org.nself.crash.minidump..")
                .and()
                .haveNameNotMatching(".*\\.\\$.*") // Micronaut's generated bean definitions
                .and()
                .haveSimpleNameNotEndingWith("Controller")
                .and()
                .haveSimpleNameNotEndingWith("Repository")
                .and()
                .haveSimpleNameNotEndingWith("Settings")
                .and()
                .doNotHaveSimpleName("IngestMinidump")
                .and()
                .doNotHaveSimpleName("WalkMinidump")
                .and()
                .doNotHaveSimpleName("RewalkMinidump")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("io.micronaut..", "java.sql..", "jakarta..")
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
                .haveSimpleName("SessionStatus")
                .or()
                .haveSimpleName("SessionOutcome")
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

    @Test
    void theGroupCountingAndRegressionRulesDependOnNoFrameworkAndNoDatabase() {
        noClasses()
                .that()
                .haveNameMatching("org\\.nself\\.crash\\.group\\."
                        + "(GroupTally|GroupCounts|ReportFacts|GroupCreated|GroupRegressed|GroupStatus)(\\$.*)?")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("io.micronaut..", "java.sql..", "jakarta..")
                .check(classes);
    }

    @Test
    void controllersHoldNoSqlAndOpenNoTransactions() {
        noClasses()
                .that()
                .haveSimpleNameEndingWith("Controller")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("java.sql..", "javax.sql..")
                .orShould()
                .dependOnClassesThat()
                .belongToAnyOf(TransactionOperations.class)
                .check(classes);
    }

    @Test
    void theFeaturePackagesDependOnEachOtherWithoutCycles() {
        slices().matching("org.nself.crash.(*)..").should().beFreeOfCycles().check(classes);
    }

    @Test
    void onlyTheGroupFeatureNamesTheGroupTablesInItsSql() {
        Set<String> naming = new TreeSet<>();
        for (JavaClass javaClass : classes) {
            if (stringConstants(javaClass).stream()
                    .anyMatch(s -> GROUP_TABLES.stream().anyMatch(s::contains))) {
                naming.add(javaClass.getName());
            }
        }

        assertThat(naming).as("the scan finds the group's own SQL").contains("org.nself.crash.group.AssignGroups");
        assertThat(naming)
                .filteredOn(name -> !name.startsWith("org.nself.crash.group."))
                .isEmpty();
    }

    /** The UTF-8 entries of a class file's constant pool: its string literals (and its member names). */
    private static List<String> stringConstants(JavaClass javaClass) {
        try (InputStream in =
                javaClass.getSource().orElseThrow().getUri().toURL().openStream()) {
            DataInputStream data = new DataInputStream(new ByteArrayInputStream(in.readAllBytes()));
            data.skipBytes(8); // magic, minor and major version
            int count = data.readUnsignedShort();
            List<String> strings = new ArrayList<>();
            for (int i = 1; i < count; i++) {
                int tag = data.readUnsignedByte();
                switch (tag) {
                    case 1 -> strings.add(data.readUTF());
                    case 7, 8, 16, 19, 20 -> data.skipBytes(2);
                    case 15 -> data.skipBytes(3);
                    case 3, 4, 9, 10, 11, 12, 17, 18 -> data.skipBytes(4);
                    case 5, 6 -> {
                        data.skipBytes(8);
                        i++; // a long or double takes two entries
                    }
                    default -> throw new IllegalStateException("constant pool tag " + tag + " in " + javaClass);
                }
            }
            return strings;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
