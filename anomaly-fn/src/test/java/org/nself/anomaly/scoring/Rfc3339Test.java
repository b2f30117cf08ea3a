package org.nself.anomaly.scoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Random;
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
}
