package org.nself.incident;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nself.shared.testing.Startup;

/** A bad setting stops nself-incident-mgmt at start-up with one line naming its environment variable. */
class SettingsStartupTest {
    @Test
    void theServerRefusesAnInFlightBudgetThatIsNoNumberInOneLine() {
        Startup.Exit exit = Startup.ofServer(Application.class, Map.of("NSELF_INGEST_MAX_IN_FLIGHT_BYTES", "lots"));

        assertThat(exit.code()).isEqualTo(2);
        assertThat(exit.stderr())
                .containsExactly("nself-incident-mgmt: cannot start: NSELF_INGEST_MAX_IN_FLIGHT_BYTES:"
                        + " must be a whole number, got 'lots'");
    }

    @Test
    void aMalformedVariableStillStopsItBeforeTheContextStarts() {
        Startup.Exit exit = Startup.ofServer(Application.class, Map.of("RATE_LIMIT_MAX", "-1"));

        assertThat(exit.code()).isEqualTo(2);
        assertThat(exit.stderr())
                .containsExactly("nself-incident-mgmt: cannot start: RATE_LIMIT_MAX: must be between 0 and 100000000");
    }
}
