package org.nself.anomaly.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.nself.anomaly.source.Entity;
import org.nself.anomaly.source.FetchedSeries;

class SeriesCapTest {
    static FetchedSeries host(String h) {
        return new FetchedSeries(Entity.of(Map.of("host", h)), List.of());
    }

    static List<String> hosts(SeriesCap cap) {
        return cap.scored().stream().map(s -> s.entity().labels().get("host")).toList();
    }

    @Test
    void underTheCapEverySeriesIsScored() {
        SeriesCap cap = SeriesCap.admit(List.of(host("a"), host("b")), Set.of(), 100);
        assertThat(hosts(cap)).containsExactly("a", "b");
        assertThat(cap.skipped()).isZero();
        assertThat(cap.skippedNamed()).isEmpty();
    }

    @Test
    void seriesThatHaveAModelKeepItsPlaceBeforeNewOnes() {
        SeriesCap cap = SeriesCap.admit(
                List.of(host("a"), host("b"), host("c")),
                Set.of(Entity.of(Map.of("host", "c")).key()),
                2);
        assertThat(hosts(cap)).containsExactly("c", "a");
        assertThat(cap.skipped()).isEqualTo(1);
        assertThat(cap.skippedNamed()).containsExactly("host=\"b\"");
    }

    @Test
    void refusedSeriesAreSkippedWithTheirReasonAndOnlyTenAreNamed() {
        List<FetchedSeries> answered = new java.util.ArrayList<>();
        answered.add(new FetchedSeries(Entity.DEFAULT, List.of(), "more than 32 labels"));
        for (int i = 0; i < 20; i++) {
            answered.add(host("h" + i));
        }
        SeriesCap cap = SeriesCap.admit(answered, Set.of(), 5);
        assertThat(cap.scored()).hasSize(5);
        assertThat(cap.skipped()).isEqualTo(16);
        assertThat(cap.skippedNamed()).hasSize(SeriesCap.NAMED).first().isEqualTo("refused: more than 32 labels");
    }
}
