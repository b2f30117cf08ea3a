package org.nself.incident.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nself.shared.error.ApiException;

class JsonFieldsTest {
    @Test
    void aWholeNumberBeyondALongIsOutOfRangeNotWrappedAround() {
        // 2^64 + 1: its longValue() is 1, inside the bounds
        JsonFields f = JsonFields.of(Map.of("retries", BigInteger.TWO.pow(64).add(BigInteger.ONE)));
        assertThat(f.integer("retries", 0, 5)).isNull();
        assertThat(f.hasErrors()).isTrue();
    }

    @Test
    void anUnpairedSurrogateInAListItemIsRefusedNamingIt() {
        JsonFields f = JsonFields.of(Map.of("assignees", List.of("ann", "\ud800")));
        assertThat(f.stringList("assignees", 10, 100)).isNull();
        assertThatThrownBy(f::validate).isInstanceOfSatisfying(ApiException.class, e -> assertThat(
                        e.details().get(0).field())
                .isEqualTo("assignees[1]"));
    }

    @Test
    void aNulDeepInRawDataIsRefusedNamingItsPath() {
        JsonFields f = JsonFields.of(Map.of("data", Map.of("k", List.of("a\u0000"))));
        assertThat(f.storable("data", f.raw("data"))).isFalse();
    }
}
