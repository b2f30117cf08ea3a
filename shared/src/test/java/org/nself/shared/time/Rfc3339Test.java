package org.nself.shared.time;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class Rfc3339Test {
    @ParameterizedTest
    @ValueSource(
            strings = {
                "2026-05-17T10:00:00Z",
                "2026-05-17T10:00:00.1Z",
                "2026-05-17T10:00:00.123Z",
                "2026-05-17T10:00:00.123456789Z",
                "2026-05-17T10:00:00+02:00",
                "2026-05-17T10:00:00.5-07:30",
                "2024-02-29T23:59:59.999+18:00",
                "1970-01-01T00:00:00-18:00",
                "0000-01-01T00:00:00Z",
                "9999-12-31T23:59:59.999999999Z"
            })
    void readsTheCommonShapeOnTheFastPathAsOffsetDateTimeDoes(String text) {
        assertThat(Rfc3339.fastPathOf(text))
                .isEqualTo(OffsetDateTime.parse(text).toInstant());
        assertThat(Rfc3339.parse(text)).isEqualTo(OffsetDateTime.parse(text).toInstant());
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "2026-05-17t10:00:00z",
                "2026-05-17T10:00Z",
                "2026-05-17T10:00:00+02:00:30",
                "2026-05-17T10:00:00+0200",
                "+12026-05-17T10:00:00Z",
                "2026-05-17T10:00:00.Z"
            })
    void leavesOtherShapesToOffsetDateTime(String text) {
        assertThat(Rfc3339.fastPathOf(text)).isNull();
        assertThat(outcome(() -> Rfc3339.parse(text)))
                .isEqualTo(outcome(() -> OffsetDateTime.parse(text).toInstant()));
    }

    /** The instant read, or the exception's class. */
    private static Object outcome(java.util.function.Supplier<Instant> parse) {
        try {
            return parse.get();
        } catch (RuntimeException e) {
            return e.getClass();
        }
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "2026-02-29T10:00:00Z",
                "2026-13-01T10:00:00Z",
                "2026-04-31T10:00:00Z",
                "2026-05-17T24:00:00Z",
                "2026-05-17T10:60:00Z",
                "2026-05-17T10:00:60Z",
                "2026-05-17T10:00:00.1234567890Z",
                "2026-05-17T10:00:00+19:00",
                "2026-05-17T10:00:00+18:01",
                "2026-05-17T10:00:00",
                "2026-05-17 10:00:00Z",
                "2026-05-17T10:00:00Zjunk",
                "2026-05-1xT10:00:00Z",
                "not a time at all",
                ""
            })
    void refusesWhatOffsetDateTimeRefuses(String text) {
        assertThatThrownBy(() -> OffsetDateTime.parse(text)).isInstanceOf(DateTimeParseException.class);
        assertThatThrownBy(() -> Rfc3339.parse(text)).isInstanceOf(DateTimeParseException.class);
    }

    @org.junit.jupiter.api.Test
    void agreesWithOffsetDateTimeOnRandomTimestamps() {
        Random random = new Random(3);
        for (int i = 0; i < 20_000; i++) {
            Instant t = Instant.ofEpochSecond(random.nextLong(0, 253_402_300_799L), random.nextInt(1_000_000_000));
            int offsetMinutes = random.nextInt(-18 * 60, 18 * 60 + 1);
            String text = t.atOffset(java.time.ZoneOffset.ofTotalSeconds(offsetMinutes * 60))
                    .toString();
            Instant expected;
            try {
                expected = OffsetDateTime.parse(text).toInstant();
            } catch (DateTimeParseException e) {
                assertThatThrownBy(() -> Rfc3339.parse(text)).isInstanceOf(DateTimeParseException.class);
                continue;
            }
            assertThat(Rfc3339.parse(text)).as(text).isEqualTo(expected);
        }
    }

    @Property(tries = 2000)
    void readsWhatItWritesToTheMillisecond(
            @ForAll @LongRange(min = -62_135_596_800L, max = 253_402_300_799L) long seconds,
            @ForAll @IntRange(min = 0, max = 999_999_999) int nanos) {
        Instant t = Instant.ofEpochSecond(seconds, nanos);
        assertThat(Rfc3339.parse(Rfc3339.format(t))).isEqualTo(t.truncatedTo(java.time.temporal.ChronoUnit.MILLIS));
    }

    @Property(tries = 2000)
    void writesWhatTheMillisecondFormatterWrites(
            @ForAll @LongRange(min = -100_000_000_000L, max = 400_000_000_000L) long seconds,
            @ForAll @IntRange(min = 0, max = 999_999_999) int nanos) {
        Instant t = Instant.ofEpochSecond(seconds, nanos);
        assertThat(Rfc3339.format(t))
                .isEqualTo(Rfc3339.MILLIS.format(t.truncatedTo(java.time.temporal.ChronoUnit.MILLIS)));
    }

    @Property(tries = 3000)
    void agreesWithOffsetDateTimeOnAnyText(@ForAll("timestampLike") String text) {
        assertThat(outcome(() -> Rfc3339.parse(text)))
                .isEqualTo(outcome(() -> OffsetDateTime.parse(text).toInstant()));
    }

    /** Strings near the common shape: a valid timestamp with one character replaced, cut or added. */
    @net.jqwik.api.Provide
    net.jqwik.api.Arbitrary<String> timestampLike() {
        var base = net.jqwik.api.Arbitraries.longs()
                .between(0, 253_402_300_799L)
                .map(s -> Instant.ofEpochSecond(s).toString());
        var noise = net.jqwik.api.Arbitraries.chars().with("0123456789-:TZ+.tz ".toCharArray());
        return net.jqwik.api.Combinators.combine(
                        base,
                        net.jqwik.api.Arbitraries.integers().between(0, 30),
                        noise,
                        net.jqwik.api.Arbitraries.integers().between(0, 2))
                .as((s, at, c, how) -> {
                    int i = Math.min(at, s.length());
                    return switch (how) {
                        case 0 -> s.substring(0, i) + c + s.substring(Math.min(i + 1, s.length()));
                        case 1 -> s.substring(0, i);
                        default -> s.substring(0, i) + c + s.substring(i);
                    };
                });
    }

    @org.junit.jupiter.api.Test
    void aStorableParameterIsReadAndAnUnreadableOneNamesItself() {
        assertThat(Rfc3339.storable("since", null, "bad")).isNull();
        assertThat(Rfc3339.storable("since", "2026-05-17T10:00:00+02:00", "bad"))
                .isEqualTo(Instant.parse("2026-05-17T08:00:00Z"));
        assertThatThrownBy(() -> Rfc3339.storable("since", "yesterday", "must be RFC 3339"))
                .isInstanceOfSatisfying(org.nself.shared.error.ApiException.class, e -> {
                    assertThat(e.getMessage()).isEqualTo("invalid since: must be RFC 3339");
                    assertThat(e.details().get(0).field()).isEqualTo("since");
                });
        assertThatThrownBy(() -> Rfc3339.storable("until", "0000-12-31T00:00:00Z", "bad"))
                .isInstanceOfSatisfying(org.nself.shared.error.ApiException.class, e -> assertThat(e.getMessage())
                        .isEqualTo("invalid until: " + org.nself.shared.limits.StorableValues.OUT_OF_RANGE));
    }
}
