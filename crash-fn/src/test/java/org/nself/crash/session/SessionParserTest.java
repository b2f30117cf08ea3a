package org.nself.crash.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SessionParserTest {
    static Map<String, Object> aggregates(int exited) {
        return Map.of(
                "aggregates",
                List.of(
                        Map.of("started", "2026-11-20T10:00:00Z", "exited", exited),
                        Map.of("started", "2026-11-20T10:00:00Z", "exited", exited)),
                "attrs",
                Map.of("release", "app@1"));
    }

    static List<Long> keys(Map<String, Object> payload) {
        return SessionParser.parse(payload).aggregates().stream()
                .map(SessionAggregate::resendKey)
                .toList();
    }

    @Test
    void aResentAggregatesPayloadHasTheSameResendKeys() {
        assertThat(keys(aggregates(3))).isEqualTo(keys(aggregates(3)));
    }

    @Test
    void equalEntriesOfOnePayloadAndEntriesOfAnotherPayloadHaveTheirOwnKeys() {
        List<Long> first = keys(aggregates(3));
        List<Long> later = keys(aggregates(4));

        assertThat(first).doesNotHaveDuplicates();
        assertThat(later).doesNotContainAnyElementsOf(first);
    }

    @Test
    void theSameCountsForAnotherReleaseHaveOtherKeys() {
        Map<String, Object> other = Map.of(
                "aggregates", List.of(Map.of("started", "2026-11-20T10:00:00Z", "exited", 3)),
                "attrs", Map.of("release", "app@2"));
        Map<String, Object> first = Map.of(
                "aggregates", List.of(Map.of("started", "2026-11-20T10:00:00Z", "exited", 3)),
                "attrs", Map.of("release", "app@1"));

        assertThat(keys(other)).doesNotContainAnyElementsOf(keys(first));
    }
}
