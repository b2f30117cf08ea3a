package org.nself.anomaly.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nself.shared.error.ApiException;

class EntityTest {
    @Test
    void theKeyIsTheSortedLabelsWhateverTheOrderTheyCameIn() {
        Map<String, String> one = new LinkedHashMap<>();
        one.put("job", "api");
        one.put("instance", "host-a:9100");
        Map<String, String> other = new LinkedHashMap<>();
        other.put("instance", "host-a:9100");
        other.put("job", "api");
        assertThat(Entity.of(one).key()).isEqualTo("instance=\"host-a:9100\",job=\"api\"");
        assertThat(Entity.of(other)).isEqualTo(Entity.of(one));
    }

    @Test
    void noLabelsIsTheDefaultSeries() {
        assertThat(Entity.of(Map.of())).isSameAs(Entity.DEFAULT);
        assertThat(Entity.DEFAULT.key()).isEmpty();
        assertThat(Entity.DEFAULT.isDefault()).isTrue();
    }

    @Test
    void quotesAndBackslashesInValuesAreEscapedSoKeysCannotCollide() {
        String tricky = Entity.of(Map.of("a", "x\",b=\"y")).key();
        String plain = Entity.of(Map.of("a", "x", "b", "y")).key();
        assertThat(tricky).isEqualTo("a=\"x\\\",b=\\\"y\"").isNotEqualTo(plain);
    }

    @Test
    void aLongLabelSetIsKeyedByItsHashWithinTheBound() {
        Map<String, String> labels = new HashMap<>();
        for (int i = 0; i < 10; i++) {
            labels.put("label_" + i, "v".repeat(100));
        }
        Entity e = Entity.of(labels);
        assertThat(e.key()).startsWith("sha256:").hasSize(71);
        assertThat(Entity.of(new HashMap<>(labels)).key()).isEqualTo(e.key());
        assertThat(e.labels()).hasSize(10);
    }

    @Test
    void labelsThatCannotBeStoredAreRefusedNamingWhy() {
        assertThatThrownBy(() -> Entity.of(Map.of("9bad", "x")))
                .isInstanceOf(Entity.InvalidLabels.class)
                .hasMessageContaining("9bad");
        assertThatThrownBy(() -> Entity.of(Map.of("a", "x".repeat(1025)))).isInstanceOf(Entity.InvalidLabels.class);
        assertThatThrownBy(() -> Entity.of(Map.of("a", "x\0y"))).isInstanceOf(Entity.InvalidLabels.class);
        Map<String, String> many = new HashMap<>();
        for (int i = 0; i < 33; i++) {
            many.put("l" + i, "v");
        }
        assertThatThrownBy(() -> Entity.of(many)).isInstanceOf(Entity.InvalidLabels.class);
    }

    @Test
    void theFilterIsNameColonValuePairsAllOfWhichMustHold() {
        assertThat(EntityFilter.read(null)).isNull();
        assertThat(EntityFilter.read(List.of("instance:host-a:9100", "job:api")).labels())
                .containsExactlyInAnyOrderEntriesOf(Map.of("instance", "host-a:9100", "job", "api"));
        assertThat(EntityFilter.read(List.of("job:")).labels()).containsEntry("job", "");
    }

    @Test
    void aFilterThatCannotMatchAnythingWellFormedIsA400() {
        for (List<String> bad : List.of(
                List.of("job"),
                List.of(":api"),
                List.of("9job:api"),
                List.of("job:a", "job:b"),
                List.of("job:" + "x".repeat(1025)),
                List.of("job:a\0"),
                java.util.Collections.nCopies(11, "job:a"))) {
            assertThatThrownBy(() -> EntityFilter.read(bad))
                    .as(bad.toString().substring(0, Math.min(40, bad.toString().length())))
                    .isInstanceOf(ApiException.class);
        }
    }
}
