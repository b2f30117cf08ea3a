package org.nself.incident.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class MilestonesTest {
    private static final Instant T0 = Instant.parse("2026-01-01T10:00:00Z");

    @Test
    void eachMilestoneIsStampedOnFirstEntryOnly() {
        Milestones m = Milestones.opened(T0, T0, Status.TRIGGERED, T0)
                .entering(Status.ACKNOWLEDGED, T0.plusSeconds(60), false)
                .entering(Status.INVESTIGATING, T0.plusSeconds(120), false)
                .entering(Status.MONITORING, T0.plusSeconds(600), false)
                .entering(Status.RESOLVED, T0.plusSeconds(900), false);

        assertThat(m.acknowledgedAt()).isEqualTo(T0.plusSeconds(60));
        assertThat(m.mitigatedAt()).isEqualTo(T0.plusSeconds(600));
        assertThat(m.resolvedAt()).isEqualTo(T0.plusSeconds(900));
    }

    @Test
    void reopenKeepsTheFirstStampsAndCountsTheReopen() {
        Milestones resolved = Milestones.opened(T0, T0, Status.TRIGGERED, T0)
                .entering(Status.ACKNOWLEDGED, T0.plusSeconds(60), false)
                .entering(Status.RESOLVED, T0.plusSeconds(300), false);

        Milestones again = resolved.entering(Status.INVESTIGATING, T0.plusSeconds(1000), true)
                .entering(Status.RESOLVED, T0.plusSeconds(2000), false);

        assertThat(again.acknowledgedAt()).isEqualTo(T0.plusSeconds(60));
        assertThat(again.resolvedAt()).isEqualTo(T0.plusSeconds(300));
        assertThat(again.reopenCount()).isEqualTo(1);
    }

    @Test
    void aStampIsNeverBeforeStartedAt() {
        Instant futureStart = T0.plusSeconds(3600);

        Milestones m = Milestones.opened(futureStart, futureStart, Status.TRIGGERED, T0)
                .entering(Status.ACKNOWLEDGED, T0, false);

        assertThat(m.acknowledgedAt()).isEqualTo(futureStart);
    }

    @Test
    void anIncidentResolvedStraightFromTriggeredHasNoAcknowledgement() {
        Milestones m =
                Milestones.opened(T0, T0, Status.TRIGGERED, T0).entering(Status.RESOLVED, T0.plusSeconds(5), false);

        assertThat(m.acknowledgedAt()).isNull();
        assertThat(m.mitigatedAt()).isEqualTo(T0.plusSeconds(5));
    }

    @Test
    void detectionBeforeTheStartIsRefused() {
        assertThatThrownBy(() -> new Milestones(T0, T0.minusSeconds(1), null, null, null, null, null, 0))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
