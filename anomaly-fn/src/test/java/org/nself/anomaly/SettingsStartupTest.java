package org.nself.anomaly;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nself.shared.testing.Startup;

/** A bad setting stops nself-anomaly at start-up with one line naming its environment variable. */
class SettingsStartupTest {
    @Test
    void theServerRefusesARetentionOfZeroDaysInOneLine() {
        Startup.Exit exit = Startup.ofServer(Application.class, Map.of("NSELF_ANOMALY_RETENTION_DAYS", "0"));

        assertThat(exit.code()).isEqualTo(2);
        assertThat(exit.stderr())
                .containsExactly(
                        "nself-anomaly: cannot start: NSELF_ANOMALY_RETENTION_DAYS: must be greater than or equal to 1");
    }

    @Test
    void aWebhookWithoutItsSecretIsRefused() {
        assertThat(Startup.refusal(Map.of("NSELF_ANOMALY_WEBHOOK_URL", "https://router.example.com/hook")))
                .isEqualTo("NSELF_ANOMALY_WEBHOOK_SECRET: is required with NSELF_ANOMALY_WEBHOOK_URL");
    }

    @Test
    void aTickThatIsNoDurationIsRefused() {
        assertThat(Startup.refusal(Map.of("NSELF_ANOMALY_SCHEDULE_TICK", "often")))
                .isEqualTo("NSELF_ANOMALY_SCHEDULE_TICK: must be a duration such as 10s or PT10S, got 'often'");
    }
}
