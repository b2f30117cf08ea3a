package org.nself.crash;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nself.shared.testing.Startup;

/** A bad setting stops nself-crash at start-up with one line naming its environment variable. */
class SettingsStartupTest {
    @Test
    void theServerRefusesARetentionOfZeroDaysInOneLine() {
        Startup.Exit exit = Startup.ofServer(Application.class, Map.of("NSELF_CRASH_RETENTION_DAYS", "0"));

        assertThat(exit.code()).isEqualTo(2);
        assertThat(exit.stderr())
                .containsExactly("nself-crash: cannot start: NSELF_CRASH_RETENTION_DAYS: must be between 1 and 3650");
    }

    @Test
    void aLimitOfANestedSettingNamesItsVariable() {
        assertThat(Startup.refusal(Map.of("NSELF_CRASH_SYMBOLS_ARCHIVE_MAX_RATIO", "0")))
                .isEqualTo("NSELF_CRASH_SYMBOLS_ARCHIVE_MAX_RATIO: must be greater than 0");
        assertThat(Startup.refusal(Map.of("NSELF_CRASH_SYMBOLS_LOOKUP_TTL_SECONDS", "61")))
                .isEqualTo("NSELF_CRASH_SYMBOLS_LOOKUP_TTL_SECONDS: must be between 0 and 60");
    }

    @Test
    void alertSettingsAreCheckedAtStartUp() {
        assertThat(Startup.refusal(Map.of("NSELF_CRASH_ALERTS_VELOCITY_FACTOR", "1")))
                .isEqualTo("NSELF_CRASH_ALERTS_VELOCITY_FACTOR: must be greater than 1");
        assertThat(Startup.refusal(Map.of("NSELF_CRASH_ALERTS_CRASH_RATE_CRASH_FREE_BELOW", "0")))
                .isEqualTo("NSELF_CRASH_ALERTS_CRASH_RATE_CRASH_FREE_BELOW: must be greater than 0");
        assertThat(Startup.refusal(Map.of("NSELF_CRASH_ALERTS_CRASH_RATE_CRASH_FREE_BELOW", "often")))
                .isEqualTo("NSELF_CRASH_ALERTS_CRASH_RATE_CRASH_FREE_BELOW: must be a number, got 'often'");
        assertThat(Startup.refusal(Map.of("NSELF_CRASH_ALERTS_WEBHOOK_URL", "https://router.example.com/hook")))
                .isEqualTo("NSELF_CRASH_ALERTS_WEBHOOK_SECRET: is required with NSELF_CRASH_ALERTS_WEBHOOK_URL");
        assertThat(Startup.refusal(Map.of("NSELF_CRASH_ALERTS_INCIDENT_KINDS", "group.regressed,group.exploded")))
                .startsWith("NSELF_CRASH_ALERTS_INCIDENT_KINDS: unknown kind 'group.exploded'");
    }

    @Test
    void aPublicUrlThatIsNoBaseUrlIsRefused() {
        assertThat(Startup.refusal(Map.of("NSELF_CRASH_PUBLIC_URL", "ftp://files.example.com")))
                .isEqualTo("NSELF_CRASH_PUBLIC_URL: must look like https://host[:port][/prefix]");
    }
}
