package org.nself.crash.group;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.nself.crash.group.GroupTally.Added;
import org.nself.crash.group.GroupTally.GroupRelease;
import org.nself.crash.group.GroupTally.GroupUser;
import org.nself.crash.group.GroupTally.Placed;
import org.nself.crash.group.GroupTally.ReleaseSpan;
import org.nself.crash.grouping.GroupedBy;
import org.nself.crash.grouping.Grouping;

class GroupTallyTest {
    private static final Instant T0 = Instant.parse("2026-11-23T10:00:00Z");
    private static final Grouping GROUPING =
            new Grouping("a".repeat(64), 2, GroupedBy.STACKTRACE, List.of("main"), "SIGSEGV: main", "main");

    private static ReportFacts report(int second, String release, String user) {
        return report(second, release, user, true, "native", "production");
    }

    private static ReportFacts report(
            int second, String release, String user, boolean crash, String platform, String environment) {
        return new ReportFacts(
                List.of(GROUPING),
                UUID.randomUUID(),
                T0.plusSeconds(second),
                "fatal",
                crash,
                platform,
                release,
                environment,
                user,
                "SIGSEGV");
    }

    private static Placed in(long group, ReportFacts report) {
        return new Placed(group, report);
    }

    @Test
    void reportsAndCrashesAreCountedPerGroupWithTheirPlatformsAndEnvironments() {
        GroupTally tally = GroupTally.of(List.of(
                in(7, report(0, "1.0", "u1", true, "native", "production")),
                in(7, report(1, "1.0", "u2", false, "android", null)),
                in(3, report(2, "1.0", "u1", true, "native", "staging"))));

        assertThat(tally.groups().keySet()).containsExactly(3L, 7L);
        Added seven = tally.groups().get(7L);
        assertThat(seven.count()).isEqualTo(2);
        assertThat(seven.crashes()).isEqualTo(1);
        assertThat(seven.platforms()).containsExactly("android", "native");
        assertThat(seven.environments()).containsExactly("production");
        assertThat(tally.groups().get(3L).environments()).containsExactly("staging");
    }

    @Test
    void theBatchSpanIsItsEarliestAndLatestReportAndItsReleasesThoseOfTheReportsThatSetThem() {
        GroupTally tally = GroupTally.of(
                List.of(in(1, report(20, "2.0", "u")), in(1, report(10, "1.0", "u")), in(1, report(30, null, "u"))));

        Added added = tally.groups().get(1L);
        assertThat(added.first()).isEqualTo(T0.plusSeconds(10));
        assertThat(added.firstRelease()).isEqualTo("1.0");
        assertThat(added.last()).isEqualTo(T0.plusSeconds(30));
        assertThat(added.lastRelease()).as("the latest report has no release").isEqualTo("2.0");
    }

    @Test
    void ofTwoReportsAtTheSameTimeTheLaterInTheBatchIsTheLatest() {
        GroupTally tally = GroupTally.of(List.of(in(1, report(5, "1.0", "u")), in(1, report(5, "2.0", "u"))));

        assertThat(tally.groups().get(1L).firstRelease()).isEqualTo("1.0");
        assertThat(tally.groups().get(1L).lastRelease()).isEqualTo("2.0");
    }

    @Test
    void releasesAreCountedPerGroupWithTheirSpanInTheOrderTheBatchMetThem() {
        GroupTally tally = GroupTally.of(List.of(
                in(1, report(5, "2.0", "u")),
                in(1, report(9, "1.0", "u")),
                in(1, report(2, "2.0", "u")),
                in(2, report(4, "2.0", "u")),
                in(1, report(3, null, "u"))));

        assertThat(tally.releases())
                .containsExactly(
                        Map.entry(new GroupRelease(1, "2.0"), new ReleaseSpan(2, T0.plusSeconds(2), T0.plusSeconds(5))),
                        Map.entry(new GroupRelease(1, "1.0"), new ReleaseSpan(1, T0.plusSeconds(9), T0.plusSeconds(9))),
                        Map.entry(
                                new GroupRelease(2, "2.0"), new ReleaseSpan(1, T0.plusSeconds(4), T0.plusSeconds(4))));
    }

    @Test
    void eachUserIsRecordedOncePerGroupAndAReportWithoutAUserRecordsNone() {
        GroupTally tally = GroupTally.of(List.of(
                in(1, report(0, "1.0", "u2")),
                in(1, report(1, "1.0", "u1")),
                in(1, report(2, "1.0", "u2")),
                in(2, report(3, "1.0", "u2")),
                in(2, report(4, "1.0", null))));

        assertThat(tally.users())
                .containsExactly(new GroupUser(1, "u2"), new GroupUser(1, "u1"), new GroupUser(2, "u2"));
    }

    @Test
    void aResolvedGroupRegressesWithTheFirstReportFromAReleaseThatHadNotSeenIt() {
        ReportFacts seenRelease = report(0, "1.0", "u");
        ReportFacts newRelease = report(1, "2.0", "u");
        ReportFacts alsoNew = report(2, "3.0", "u");
        GroupTally tally = GroupTally.of(List.of(in(1, seenRelease), in(1, newRelease), in(1, alsoNew)));

        List<GroupRegressed> regressed =
                tally.regressions(Map.of(1L, GroupStatus.RESOLVED), Set.of(new GroupRelease(1, "1.0")));

        assertThat(regressed).containsExactly(new GroupRegressed(1, newRelease));
    }

    @Test
    void aGroupResolvedInTheNextReleaseRegressesLikeAResolvedOne() {
        ReportFacts report = report(0, "2.0", "u");

        List<GroupRegressed> regressed = GroupTally.of(List.of(in(1, report)))
                .regressions(Map.of(1L, GroupStatus.RESOLVED_IN_NEXT_RELEASE), Set.of());

        assertThat(regressed).containsExactly(new GroupRegressed(1, report));
    }

    @Test
    void aResolvedGroupStaysResolvedForReleasesThatHaveSeenIt() {
        GroupTally tally = GroupTally.of(List.of(in(1, report(0, "1.0", "u")), in(1, report(1, "1.1", "u"))));

        assertThat(tally.regressions(
                        Map.of(1L, GroupStatus.RESOLVED),
                        Set.of(new GroupRelease(1, "1.0"), new GroupRelease(1, "1.1"))))
                .isEmpty();
    }

    @Test
    void aReportWithoutAReleaseReopensNothing() {
        GroupTally tally = GroupTally.of(List.of(in(1, report(0, null, "u"))));

        assertThat(tally.regressions(Map.of(1L, GroupStatus.RESOLVED), Set.of()))
                .isEmpty();
    }

    @Test
    void unresolvedAndIgnoredGroupsNeverRegress() {
        GroupTally tally = GroupTally.of(List.of(in(1, report(0, "9.0", "u")), in(2, report(0, "9.0", "u"))));

        assertThat(tally.regressions(Map.of(1L, GroupStatus.UNRESOLVED, 2L, GroupStatus.IGNORED), Set.of()))
                .isEmpty();
    }

    @Test
    void severalGroupsRegressInIdOrder() {
        ReportFacts first = report(0, "2.0", "u");
        ReportFacts second = report(1, "2.0", "u");
        GroupTally tally = GroupTally.of(List.of(in(9, first), in(4, second)));

        assertThat(tally.regressions(Map.of(9L, GroupStatus.RESOLVED, 4L, GroupStatus.RESOLVED), Set.of()))
                .containsExactly(new GroupRegressed(4, second), new GroupRegressed(9, first));
    }
}
