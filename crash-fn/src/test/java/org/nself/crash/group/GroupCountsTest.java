package org.nself.crash.group;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.nself.crash.group.GroupTally.Added;

class GroupCountsTest {
    private static final Instant T0 = Instant.parse("2026-11-23T10:00:00Z");
    private static final GroupCounts STORED = new GroupCounts(10, 4, 3, T0, T0.plusSeconds(60), "1.0", "1.1");

    private static Added batch(int firstSecond, int lastSecond, String firstRelease, String lastRelease) {
        return new Added(
                5,
                2,
                T0.plusSeconds(firstSecond),
                T0.plusSeconds(lastSecond),
                firstRelease,
                lastRelease,
                Set.of("native"),
                Set.of());
    }

    @Test
    void countsCrashesAndUsersAddUp() {
        GroupCounts next = STORED.plus(batch(10, 20, "1.1", "1.1"), 2);

        assertThat(next.count()).isEqualTo(15);
        assertThat(next.crashes()).isEqualTo(6);
        assertThat(next.users()).isEqualTo(5);
    }

    @Test
    void aNewerBatchMovesTheLastSeenAndTheLastRelease() {
        GroupCounts next = STORED.plus(batch(90, 120, "2.0", "2.1"), 0);

        assertThat(next.firstSeen()).isEqualTo(T0);
        assertThat(next.lastSeen()).isEqualTo(T0.plusSeconds(120));
        assertThat(next.lastRelease()).isEqualTo("2.1");
    }

    @Test
    void anOlderBatchMovesTheFirstSeenButNeitherRelease() {
        GroupCounts next = STORED.plus(batch(-30, 30, "0.9", "0.9"), 0);

        assertThat(next.firstSeen()).isEqualTo(T0.minusSeconds(30));
        assertThat(next.lastSeen()).isEqualTo(T0.plusSeconds(60));
        assertThat(next.firstRelease())
                .as("the first release once recorded stays")
                .isEqualTo("1.0");
        assertThat(next.lastRelease()).isEqualTo("1.1");
    }

    @Test
    void aBatchAsLateAsTheLastSeenTakesTheLastRelease() {
        GroupCounts next = STORED.plus(batch(60, 60, "2.0", "2.0"), 0);

        assertThat(next.lastRelease()).isEqualTo("2.0");
    }

    @Test
    void aNewerBatchWithoutAReleaseKeepsTheLastRelease() {
        GroupCounts next = STORED.plus(batch(90, 120, null, null), 0);

        assertThat(next.lastSeen()).isEqualTo(T0.plusSeconds(120));
        assertThat(next.lastRelease()).isEqualTo("1.1");
    }

    @Test
    void aGroupWithoutAFirstReleaseTakesTheBatchs() {
        GroupCounts unreleased = new GroupCounts(1, 1, 0, T0, T0, null, null);

        GroupCounts next = unreleased.plus(batch(-10, 10, "1.0", "1.2"), 0);

        assertThat(next.firstRelease()).isEqualTo("1.0");
        assertThat(next.lastRelease()).isEqualTo("1.2");
    }

    @Test
    void aReportWithinTheMicrosecondOfTheLastSeenIsAsLateAsIt() {
        GroupCounts stored = new GroupCounts(1, 1, 0, T0, T0.plusNanos(1_000), "1.0", "1.0");
        Added sameMicrosecond =
                new Added(1, 1, T0.plusNanos(600), T0.plusNanos(600), "2.0", "2.0", Set.of("native"), Set.of());

        GroupCounts next = stored.plus(sameMicrosecond, 0);

        assertThat(next.lastSeen()).isEqualTo(T0.plusNanos(1_000));
        assertThat(next.lastRelease()).isEqualTo("2.0");
    }

    @Test
    void storedTimesAreMicrosecondsRoundedHalfUp() {
        assertThat(GroupCounts.stored(T0.plusNanos(1_499))).isEqualTo(T0.plusNanos(1_000));
        assertThat(GroupCounts.stored(T0.plusNanos(1_500))).isEqualTo(T0.plusNanos(2_000));
        assertThat(GroupCounts.stored(T0.minusNanos(500))).isEqualTo(T0);
        assertThat(GroupCounts.stored(Instant.parse("0001-01-01T00:00:00.0000015Z")))
                .isEqualTo(Instant.parse("0001-01-01T00:00:00.000002Z"));
    }
}
