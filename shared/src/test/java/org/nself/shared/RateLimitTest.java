package org.nself.shared;

import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.nself.shared.testing.PostgresTest;
import org.nself.shared.testing.TestHttp;

@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RateLimitTest implements PostgresTest {
    @Inject
    EmbeddedServer server;

    @Override
    public Map<String, String> extraProperties() {
        return Map.of(
                "nself.rate-limit.max", "3",
                "nself.rate-limit.window-ms", "3600000",
                "nself.rate-limit.ingest-per-second", "0",
                "nself.rate-limit.ingest-account-per-second", "2");
    }

    @Test
    void authenticatedRequestsBeyondTheLimitGet429WithRetryAfterAndRateLimitHeaders() {
        TestHttp http = new TestHttp(server.getURL());
        for (int i = 3; i >= 1; i--) {
            TestHttp.Response ok = http.get("/api/v1/things", TestHttp.asAccount("t-rl"));
            assertThat(ok.status()).isEqualTo(200);
            assertThat(ok.headers())
                    .containsEntry("X-RateLimit-Limit", "3")
                    .containsEntry("X-RateLimit-Remaining", String.valueOf(i - 1));
            assertThat(ok.headers()).containsKey("X-RateLimit-Reset");
        }
        TestHttp.Response refused = http.get("/api/v1/things", TestHttp.asAccount("t-rl"));
        assertThat(refused.status()).isEqualTo(429);
        assertThat(refused.body()).contains("\"code\":\"RATE_LIMIT_EXCEEDED\"");
        assertThat(refused.headers()).containsKey("Retry-After").containsEntry("X-RateLimit-Remaining", "0");
    }

    @Test
    void publicIngestIsLimitedPerAccount() {
        TestHttp http = new TestHttp(server.getURL());
        Map<String, String> headers =
                Map.of("Content-Type", "application/octet-stream", "X-App-Name", "t-ingest-limit");
        int refused = 0;
        for (int i = 0; i < 6; i++) {
            TestHttp.Response r = http.send("POST", "/api/v1/ingest/things", headers, "x");
            if (r.status() == 429) {
                refused++;
                assertThat(r.headers()).containsKey("Retry-After");
                assertThat(r.body()).contains("RATE_LIMIT_EXCEEDED");
            } else {
                assertThat(r.status()).isEqualTo(200);
            }
        }
        // two per second per account: six quick requests span at most two one-second windows
        assertThat(refused).isGreaterThanOrEqualTo(2);
    }
}
