package org.nself.shared;

import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.nself.shared.testing.PostgresTest;
import org.nself.shared.testing.TestHttp;

/**
 * Behind the shipped nginx (NSELF_TRUSTED_PROXY_HEADER=X-Real-IP) the header nginx sets is the client;
 * the X-Forwarded-For a client sends (which nginx only appends to) still changes nothing.
 */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RateLimitTrustedProxyTest implements PostgresTest {
    @Inject
    EmbeddedServer server;

    @Override
    public Map<String, String> extraProperties() {
        return Map.of(
                "nself.rate-limit.max", "3",
                "nself.rate-limit.window-ms", "3600000",
                "nself.client-address.trusted-header", "X-Real-IP");
    }

    static Map<String, String> via(String realIp, int i) {
        Map<String, String> headers = new HashMap<>(TestHttp.asAccount("t-rl-proxy"));
        headers.put("X-Real-IP", realIp);
        headers.put("X-Forwarded-For", "198.51.100." + i + ", " + realIp);
        return headers;
    }

    @Test
    void theTrustedHeaderIsTheClientAndXForwardedForIsIgnored() {
        TestHttp http = new TestHttp(server.getURL());
        for (int i = 1; i <= 3; i++) {
            assertThat(http.get("/api/v1/things", via("192.0.2.50", i)).status())
                    .isEqualTo(200);
        }
        assertThat(http.get("/api/v1/things", via("192.0.2.50", 4)).status()).isEqualTo(429);
        // a different client behind the proxy has a limit of its own
        assertThat(http.get("/api/v1/things", via("192.0.2.51", 5)).status()).isEqualTo(200);
    }
}
