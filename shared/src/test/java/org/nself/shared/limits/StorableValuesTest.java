package org.nself.shared.limits;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nself.shared.error.ApiException;

class StorableValuesTest {
    @Test
    void textWithNulOrAnUnpairedSurrogateCannotBeStored() {
        assertThat(StorableValues.textProblem("a\u0000b")).isEqualTo(StorableValues.NUL);
        assertThat(StorableValues.textProblem("a\ud800")).isEqualTo(StorableValues.BROKEN_UNICODE);
        assertThat(StorableValues.textProblem("\udc00a")).isEqualTo(StorableValues.BROKEN_UNICODE);
        assertThat(StorableValues.textProblem("emoji \ud83d\ude00, tab\t, bell\u0007"))
                .isNull();
    }

    @Test
    void theFirstUnstorableTextOfATreeIsNamedByItsPath() {
        Object tree = Map.of("ok", "x", "list", List.of("y", Map.of("deep", "z\u0000")));
        assertThat(StorableValues.unstorableText(tree, "data").field()).isEqualTo("data.list[1].deep");
        assertThat(StorableValues.unstorableText(Map.of("k\ud800", 1), "data").message())
                .startsWith("member names");
        assertThat(StorableValues.unstorableText(Map.of("k", List.of(1, true)), "data"))
                .isNull();
    }

    @Test
    void timestampsOutsideYearsOneTo9999AreRefusedNamingTheField() {
        assertThat(StorableValues.isStorable(Instant.parse("0001-01-01T00:00:00Z")))
                .isTrue();
        assertThat(StorableValues.isStorable(Instant.parse("9999-12-31T23:59:59.999Z")))
                .isTrue();
        assertThat(StorableValues.isStorable(Instant.parse("0000-12-31T23:59:59Z")))
                .isFalse();
        assertThatThrownBy(() -> StorableValues.requireStorable("since", Instant.parse("+99999-01-01T00:00:00Z")))
                .isInstanceOf(ApiException.class)
                .satisfies(e ->
                        assertThat(((ApiException) e).details().get(0).field()).isEqualTo("since"));
    }
}
