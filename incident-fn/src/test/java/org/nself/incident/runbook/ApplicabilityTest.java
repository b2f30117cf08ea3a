package org.nself.incident.runbook;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nself.incident.lifecycle.Severity;

class ApplicabilityTest {

    @Test
    void everyCriterionMustHold() {
        Applicability a =
                new Applicability(List.of("database"), List.of(Severity.SEV1, Severity.SEV2), Map.of("team", "core"));

        assertThat(a.matches("database", Severity.SEV1, Map.of("team", "core", "env", "prod")))
                .isTrue();
        assertThat(a.matches("network", Severity.SEV1, Map.of("team", "core"))).isFalse();
        assertThat(a.matches("database", Severity.SEV3, Map.of("team", "core"))).isFalse();
        assertThat(a.matches("database", Severity.SEV1, Map.of("team", "edge"))).isFalse();
        assertThat(a.matches(null, Severity.SEV1, Map.of("team", "core"))).isFalse();
    }

    @Test
    void anAbsentCriterionMatchesAnything() {
        Applicability severityOnly = new Applicability(List.of(), List.of(Severity.SEV1), Map.of());

        assertThat(severityOnly.matches(null, Severity.SEV1, Map.of())).isTrue();
    }

    @Test
    void aRunbookWithoutCriteriaNeverAttachesByItself() {
        Applicability none = new Applicability(List.of(), List.of(), Map.of());

        assertThat(none.matches("database", Severity.SEV1, Map.of())).isFalse();
    }
}
