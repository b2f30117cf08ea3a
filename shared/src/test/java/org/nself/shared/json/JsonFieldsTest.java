package org.nself.shared.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;
import org.nself.shared.error.ApiError;
import org.nself.shared.error.ApiException;
import org.nself.shared.limits.StorableValues;

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

    @Test
    void everyProblemIsRefusedAtOnceWithItsPath() {
        JsonFields f = JsonFields.of(Map.of("name", 3, "step", Map.of("url", "")));
        f.string("name", 10, true);
        f.object("step").string("url", 10, true);
        assertThatThrownBy(f::validate).isInstanceOfSatisfying(ApiException.class, e -> {
            assertThat(e.details())
                    .containsExactly(
                            new ApiError.Detail("name", "must be a string"),
                            new ApiError.Detail("step.url", "must not be blank"));
            assertThat(e.getMessage()).isEqualTo("invalid name: must be a string (and 1 more)");
            assertThat(e.reason()).isEqualTo(ApiException.INVALID_FIELD);
        });
    }

    @Test
    void anUnknownFieldIsCountedUnderItsOwnReason() {
        JsonFields f = JsonFields.of(Map.of("colour", "red"));
        f.rejectUnknown(Set.of("name"));
        assertThatThrownBy(f::validate).isInstanceOfSatisfying(ApiException.class, e -> {
            assertThat(e.details()).containsExactly(new ApiError.Detail("colour", "is not a known field"));
            assertThat(e.reason()).isEqualTo(Problems.UNKNOWN_FIELD);
        });
    }

    @Test
    void theRefuseRuleNamesANulAndTheDropRuleRemovesIt() {
        JsonFields refusing = JsonFields.of(Map.of("title", "a\u0000b"));
        assertThat(refusing.string("title", 10, false)).isNull();
        assertThat(refusing.problems().list()).containsExactly(new ApiError.Detail("title", StorableValues.NUL));

        JsonFields dropping = JsonFields.of(Map.of("title", "a\u0000b"), TextRule.DROP_NUL, Problems.collecting());
        assertThat(dropping.string("title", 10, false)).isEqualTo("ab");
        assertThat(dropping.hasErrors()).isFalse();
    }

    @Test
    void theDropRuleAppliesToJsonTextStoredWhole() {
        assertThat(TextRule.withoutNulEscapes("{\"a\":\"x\\u0000y\",\"b\":\"\\\\u0000\"}"))
                .isEqualTo("{\"a\":\"xy\",\"b\":\"\\\\u0000\"}");
        assertThat(TextRule.withoutNulEscapes(null)).isNull();
    }

    @Test
    void aFailFastReaderThrowsTheFirstProblem() {
        JsonFields f = JsonFields.of(Map.of("alpha", "x", "beta", 7), TextRule.REFUSE, Problems.failFast());
        assertThatThrownBy(() -> f.decimal("alpha", 0, 1)).isInstanceOfSatisfying(ApiException.class, e -> {
            assertThat(e.getMessage()).isEqualTo("invalid alpha: must be a number");
            assertThat(e.details()).containsExactly(new ApiError.Detail("alpha", "must be a number"));
        });
    }

    @Test
    void aBoundedReaderKeepsTheFirstProblemsAndStillRefuses() {
        Map<String, Object> many = new LinkedHashMap<>();
        for (int i = 0; i < 10; i++) {
            many.put("f" + i, 1);
        }
        JsonFields f = JsonFields.of(many, TextRule.REFUSE, Problems.collecting(3));
        for (int i = 0; i < 10; i++) {
            f.string("f" + i, 5, false);
        }
        assertThat(f.problems().size()).isEqualTo(3);
        assertThatThrownBy(f::validate).isInstanceOf(ApiException.class);
    }

    @Test
    void wholeNumbersAreExactAndBoundsAreWrittenAsPeopleWriteThem() {
        JsonFields f = JsonFields.of(Map.of(
                "two", 2.0,
                "half", 2.5,
                "huge", new BigDecimal("1e30"),
                "big", BigInteger.TWO.pow(63),
                "ratio", 1.5));
        assertThat(f.wholeNumber("two", 0, 5)).isEqualTo(2L);
        assertThat(f.wholeNumber("half", 0, 5)).isNull();
        assertThat(f.wholeNumber("huge", 0, Long.MAX_VALUE)).isNull();
        assertThat(f.wholeNumber("big", 0, Long.MAX_VALUE)).isNull();
        assertThat(f.decimal("ratio", 0, 1)).isNull();
        assertThat(f.problems().list())
                .containsExactly(
                        new ApiError.Detail("half", "must be a whole number"),
                        new ApiError.Detail("huge", "must be between 0 and " + Long.MAX_VALUE),
                        new ApiError.Detail("big", "must be between 0 and " + Long.MAX_VALUE),
                        new ApiError.Detail("ratio", "must be between 0 and 1"));
    }

    @Test
    void textTakesNumbersAndBooleansAsSdksSendThem() {
        JsonFields f = JsonFields.of(Map.of("release", 12, "flag", true, "long", 1234567));
        assertThat(f.text("release", 10)).isEqualTo("12");
        assertThat(f.text("flag", 10)).isEqualTo("true");
        assertThat(f.text("long", 3)).isNull();
        assertThat(f.problems().list()).containsExactly(new ApiError.Detail("long", "must be at most 3 characters"));
    }

    @Test
    void instantsAreReadWithinTheirRange() {
        JsonFields f = JsonFields.of(
                Map.of("at", "2026-05-17T10:00:00+02:00", "old", "1969-12-31T23:59:59Z", "bad", "yesterday"));
        Instant earliest = Instant.parse("1970-01-01T00:00:00Z");
        Instant latest = Instant.parse("2200-01-01T00:00:00Z");
        assertThat(f.instant("at", earliest, latest, "must be between 1970 and 2200"))
                .isEqualTo(Instant.parse("2026-05-17T08:00:00Z"));
        assertThat(f.instant("old", earliest, latest, "must be between 1970 and 2200"))
                .isNull();
        assertThat(f.instant("old")).isEqualTo(Instant.parse("1969-12-31T23:59:59Z"));
        assertThat(f.anyInstant("bad")).isNull();
        assertThat(f.problems().list())
                .containsExactly(
                        new ApiError.Detail("old", "must be between 1970 and 2200"),
                        new ApiError.Detail("bad", "must be an RFC 3339 timestamp"));
    }

    @Test
    void arrayItemsAreReadOneByOneWithTheirPaths() {
        JsonFields f = JsonFields.of(Map.of("frames", List.of(Map.of("lineno", 3), "oops")));
        List<Object> frames = f.array("frames", 10);
        assertThat(frames).hasSize(2);
        JsonFields first = f.item("frames", 0, frames.get(0));
        assertThat(first.wholeNumber("lineno", 0, 10)).isEqualTo(3L);
        assertThat(f.item("frames", 1, frames.get(1))).isNull();
        assertThat(f.problems().list()).containsExactly(new ApiError.Detail("frames[1]", "must be an object"));
    }

    @Test
    void aBodyThatIsNotOneObjectIsRefusedAsInvalidJson() {
        var mapper = io.micronaut.json.JsonMapper.createDefault();
        for (String body : new String[] {null, " ", "{", "[1]"}) {
            assertThatThrownBy(() -> JsonFields.parse(mapper, body)).isInstanceOfSatisfying(ApiException.class, e -> {
                assertThat(e.reason()).isEqualTo("invalid_json");
                assertThat(e.details().get(0).field()).isEqualTo("body");
            });
        }
        assertThat(JsonFields.parse(mapper, "{\"a\":1}").raw("a")).isEqualTo(1);
    }

    @Property(tries = 500)
    void noValueMakesAGetterThrowOnlyProblemsAreRecorded(@ForAll("values") Object value) {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("v", value);
        JsonFields f = JsonFields.of(map);
        f.string("v", 5, true);
        f.text("v", 5);
        f.integer("v", -3, 3);
        f.wholeNumber("v", Long.MIN_VALUE, Long.MAX_VALUE);
        f.decimal("v", -1, 1);
        f.bool("v");
        f.instant("v");
        f.stringMap("v", 2, 3, 3);
        f.stringList("v", 2, 3);
        f.object("v");
        f.objects("v", 2);
        f.array("v", 2);
        f.storable("v", value);
        for (ApiError.Detail d : f.problems().list()) {
            assertThat(d.field()).startsWith("v");
            assertThat(d.message()).isNotBlank();
        }
    }

    @Provide
    Arbitrary<Object> values() {
        Arbitrary<Object> scalars = Arbitraries.oneOf(
                Arbitraries.strings().ofMaxLength(8).map(s -> (Object) s),
                Arbitraries.strings()
                        .withChars('\u0000', '\ud800', 'a')
                        .ofMaxLength(4)
                        .map(s -> (Object) s),
                Arbitraries.integers().map(i -> (Object) i),
                Arbitraries.longs().map(l -> (Object) l),
                Arbitraries.doubles().map(d -> (Object) d),
                Arbitraries.bigIntegers()
                        .between(BigInteger.TWO.pow(70).negate(), BigInteger.TWO.pow(70))
                        .map(b -> (Object) b),
                Arbitraries.of(true, false).map(b -> (Object) b),
                Arbitraries.just(new BigDecimal("1e400")));
        return Arbitraries.oneOf(
                scalars,
                scalars.list().ofMaxSize(3).map(l -> (Object) l),
                Arbitraries.maps(Arbitraries.strings().ofMaxLength(4), scalars)
                        .ofMaxSize(3)
                        .map(m -> (Object) m));
    }
}
