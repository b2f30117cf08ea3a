package org.nself.shared.limits;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nself.shared.error.ApiException;
import org.nself.shared.error.ErrorCode;

class IngestBudgetTest {
    private static final long MIB = 1024 * 1024;

    @Test
    void aFullBudgetRefusesWith429AndRetryAfterUntilBytesAreGivenBack() {
        IngestBudget budget = new IngestBudget(4 * MIB);
        IngestBudget.Reservation first = budget.open(Map.of());
        first.hold(4 * MIB);

        IngestBudget.Reservation second = budget.open(Map.of("X-Sentry-Rate-Limits", "1::organization"));
        assertThatThrownBy(() -> second.hold(1)).isInstanceOfSatisfying(ApiException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.RATE_LIMIT_EXCEEDED);
            assertThat(e.headers()).containsEntry("Retry-After", "1").containsKey("X-Sentry-Rate-Limits");
        });

        first.close();
        second.hold(MIB);
        assertThat(budget.inFlight()).isEqualTo(MIB);
        second.close();
        assertThat(budget.inFlight()).isZero();
    }

    @Test
    void releasedItemBytesAreAvailableToOthersWhileTheRequestGoesOn() {
        IngestBudget budget = new IngestBudget(2 * MIB);
        IngestBudget.Reservation envelope = budget.open(Map.of());
        envelope.hold(2 * MIB);
        envelope.release(2 * MIB);

        IngestBudget.Reservation other = budget.open(Map.of());
        other.hold(MIB);

        assertThat(budget.inFlight()).isLessThanOrEqualTo(MIB + IngestBudget.STEP);
        envelope.close();
        other.close();
        assertThat(budget.inFlight()).isZero();
    }

    @Test
    void anIdleBudgetAdmitsOneRequestLargerThanItself() {
        IngestBudget budget = new IngestBudget(MIB);
        try (IngestBudget.Reservation big = budget.open(Map.of())) {
            big.hold(MIB / 2);
            big.hold(2 * MIB); // its own first half does not count against it
            assertThat(budget.inFlight()).isEqualTo(MIB / 2 + 2 * MIB);
        }
        assertThat(budget.inFlight()).isZero();
    }

    @Test
    void aMeteredStreamHoldsWhatItReads() {
        IngestBudget budget = new IngestBudget(MIB);
        try (IngestBudget.Reservation held = budget.open(Map.of())) {
            byte[] read = RequestBodies.readAll(held.meter(new ByteArrayInputStream(new byte[100_000])));
            assertThat(read).hasSize(100_000);
            assertThat(held.held()).isEqualTo(100_000);
        }
    }

    @Test
    void zeroTurnsTheBudgetOff() {
        IngestBudget budget = new IngestBudget(0);
        try (IngestBudget.Reservation a = budget.open(Map.of());
                IngestBudget.Reservation b = budget.open(Map.of())) {
            a.hold(100 * MIB);
            b.hold(100 * MIB);
        }
        assertThat(budget.inFlight()).isZero();
    }
}
