package org.nself.crash.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.nself.crash.event.InvalidInput;

class StatsRangeTest {
    final Instant now = Instant.parse("2026-11-23T11:20:00Z");

    @Test
    void aPeriodEndsWithTheHourInProgress() {
        StatsRange range = StatsRange.of("24h", null, null, now);

        assertThat(range.until()).isEqualTo(Instant.parse("2026-11-23T12:00:00Z"));
        assertThat(range.since()).isEqualTo(Instant.parse("2026-11-22T12:00:00Z"));
        assertThat(range.bucket()).isEqualTo(Duration.ofHours(1));
    }

    @Test
    void longPeriodsUseDailyBuckets() {
        assertThat(StatsRange.of("90d", null, null, now).bucket()).isEqualTo(Duration.ofDays(1));
    }

    @Test
    void sinceAndUntilAreRoundedToHours() {
        StatsRange range =
                StatsRange.of(null, Instant.parse("2026-11-01T10:30:00Z"), Instant.parse("2026-11-02T10:00:00Z"), now);

        assertThat(range.since()).isEqualTo(Instant.parse("2026-11-01T10:00:00Z"));
        assertThat(range.until()).isEqualTo(Instant.parse("2026-11-02T10:00:00Z"));
    }

    @Test
    void unknownPeriodsAndBothFormsAtOnceAreRefused() {
        assertThatThrownBy(() -> StatsRange.of("2w", null, null, now)).isInstanceOf(InvalidInput.class);
        assertThatThrownBy(() -> StatsRange.of("7d", now.minusSeconds(7200), null, now))
                .isInstanceOf(InvalidInput.class);
    }
}
