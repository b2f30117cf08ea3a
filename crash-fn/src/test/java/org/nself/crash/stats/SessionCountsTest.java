package org.nself.crash.stats;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SessionCountsTest {
    @Test
    void crashFreeIsOneMinusCrashedOverStarted() {
        SessionCounts counts = new SessionCounts(100, 5, 2, 3);

        assertThat(counts.crashFreeRate()).isEqualTo(0.95);
        assertThat(counts.abnormalRate()).isEqualTo(0.02);
        assertThat(counts.healthy()).isEqualTo(90);
    }

    @Test
    void withoutSessionsThereIsNoRate() {
        assertThat(SessionCounts.ZERO.crashFreeRate()).isNull();
        assertThat(SessionCounts.crashFreeUsers(0, 0)).isNull();
    }

    @Test
    void anOkSessionWithErrorsCountsAsErroredAndACrashIsNotErrored() {
        assertThat(SessionOutcome.of(true, "ok", 1)).isEqualTo(new SessionCounts(1, 0, 0, 1));
        assertThat(SessionOutcome.of(true, "exited", 0)).isEqualTo(new SessionCounts(1, 0, 0, 0));
        assertThat(SessionOutcome.of(true, "crashed", 3)).isEqualTo(new SessionCounts(1, 1, 0, 0));
        assertThat(SessionOutcome.of(true, "abnormal", 0)).isEqualTo(new SessionCounts(1, 0, 1, 0));
    }

    @Test
    void aSessionWhoseInitNeverArrivedIsNotStartedButStillCountsItsEnd() {
        assertThat(SessionOutcome.of(false, "crashed", 0)).isEqualTo(new SessionCounts(0, 1, 0, 0));
        assertThat(SessionOutcome.of(false, "exited", 0)).isEqualTo(SessionCounts.ZERO);
    }
}
