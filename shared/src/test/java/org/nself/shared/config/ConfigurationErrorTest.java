package org.nself.shared.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nself.shared.testing.Startup;

/** A bad value of a settings record stops start-up with one line naming the environment variable. */
class ConfigurationErrorTest {
    @Test
    void aValueBreakingAConstraintNamesItsVariable() {
        assertThat(Startup.refusal(Map.of("NSELF_RATE_LIMIT_WINDOW_MS", "0")))
                .isEqualTo("NSELF_RATE_LIMIT_WINDOW_MS: must be greater than 0");
        assertThat(Startup.refusal(Map.of("NSELF_INGEST_MAX_IN_FLIGHT_BYTES", "-1")))
                .isEqualTo("NSELF_INGEST_MAX_IN_FLIGHT_BYTES: must be greater than or equal to 0");
    }

    @Test
    void aTablePrefixThatIsNoPlainIdentifierIsRefused() {
        assertThat(Startup.refusal(Map.of("NSELF_JOBS_TABLE_PREFIX", "np-shared")))
                .isEqualTo(
                        "NSELF_JOBS_TABLE_PREFIX: must be a plain identifier (a-z, 0-9, _) of at most 52 characters");
        assertThat(Startup.refusal(Map.of("NSELF_MIGRATIONS_TABLE", "history; drop table x")))
                .isEqualTo("NSELF_MIGRATIONS_TABLE: must be a plain identifier (a-z, 0-9, _)");
    }

    @Test
    void aValueThatIsNotOfItsTypeNamesItsVariable() {
        assertThat(Startup.refusal(Map.of("NSELF_INGEST_MAX_IN_FLIGHT_BYTES", "lots")))
                .isEqualTo("NSELF_INGEST_MAX_IN_FLIGHT_BYTES: must be a whole number, got 'lots'");
        assertThat(Startup.refusal(Map.of("NSELF_JOBS_INITIAL_DELAY", "soon")))
                .isEqualTo("NSELF_JOBS_INITIAL_DELAY: must be a duration such as 10s or PT10S, got 'soon'");
    }

    @Test
    void aMalformedVariableIsReportedAsBeforeTheContextStarts() {
        assertThat(Startup.refusal(Map.of("RATE_LIMIT_WINDOW_MS", "0")))
                .isEqualTo("RATE_LIMIT_WINDOW_MS: must be between 1 and 86400000");
    }

    @Test
    void aStartThatFailedForAnotherReasonIsNoSettingsError() {
        assertThat(ConfigurationError.causing(new IllegalStateException("port in use", new RuntimeException("x"))))
                .isEmpty();
    }

    @Test
    void aPropertyIsNamedByTheVariableMicronautReadsItFrom() {
        assertThat(ConfigurationError.variableOf("nself.crash.symbols.archive.max-ratio"))
                .isEqualTo("NSELF_CRASH_SYMBOLS_ARCHIVE_MAX_RATIO");
    }
}
