package org.nself.shared;

import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.nself.shared.lambda.HttpApiHandler;
import org.nself.shared.testing.LambdaEvents;
import org.nself.shared.testing.PostgresTest;
import org.nself.shared.testing.TestHttp;

/**
 * With no trusted proxy header configured (the default), a client cannot get past a rate limit by sending
 * a new X-Forwarded-For, X-Real-IP or Forwarded with every request: the limit counts the socket peer, or
 * on Lambda the source IP API Gateway saw.
 */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RateLimitClientAddressTest implements PostgresTest {
    @Inject
    EmbeddedServer server;

    @Inject
    ApplicationContext context;

    @Override
    public Map<String, String> extraProperties() {
        return Map.of(
                "nself.rate-limit.max", "3",
                "nself.rate-limit.window-ms", "3600000",
                "nself.rate-limit.ingest-per-second", "2",
                "nself.rate-limit.ingest-account-per-second", "0");
    }

    static Map<String, String> spoofing(Map<String, String> base, int i) {
        Map<String, String> headers = new HashMap<>(base);
        headers.put("X-Forwarded-For", "198.51.100." + i);
        headers.put("X-Real-IP", "203.0.113." + i);
        headers.put("Forwarded", "for=192.0.2." + i);
        return headers;
    }

    @Test
    void rotatingForwardingHeadersDoesNotResetTheAuthenticatedLimit() {
        TestHttp http = new TestHttp(server.getURL());
        for (int i = 1; i <= 3; i++) {
            assertThat(http.get("/api/v1/things", spoofing(TestHttp.asAccount("t-rl-xff"), i))
                            .status())
                    .isEqualTo(200);
        }
        TestHttp.Response refused = http.get("/api/v1/things", spoofing(TestHttp.asAccount("t-rl-xff"), 4));
        assertThat(refused.status()).isEqualTo(429);
        assertThat(refused.body()).contains("RATE_LIMIT_EXCEEDED");
    }

    @Test
    void rotatingForwardingHeadersDoesNotResetThePerClientIngestLimit() {
        TestHttp http = new TestHttp(server.getURL());
        int refused = 0;
        for (int i = 1; i <= 6; i++) {
            Map<String, String> headers =
                    spoofing(Map.of("Content-Type", "application/octet-stream", "X-App-Name", "t-ingest-" + i), i);
            TestHttp.Response r = http.send("POST", "/api/v1/ingest/things", headers, "x");
            assertThat(r.status()).isIn(200, 429);
            refused += r.status() == 429 ? 1 : 0;
        }
        // two per second per client: six quick requests span at most two one-second windows
        assertThat(refused).isGreaterThanOrEqualTo(2);
    }

    @Test
    void onLambdaTheSourceIpCountsNotTheForwardingHeaders() {
        HttpApiHandler lambda = new HttpApiHandler(context);
        for (int i = 1; i <= 3; i++) {
            assertThat(LambdaEvents.answer(lambda.handleRequest(event("198.18.0.10", i), null))
                            .status())
                    .isEqualTo(200);
        }
        assertThat(LambdaEvents.answer(lambda.handleRequest(event("198.18.0.10", 4), null))
                        .status())
                .isEqualTo(429);
        // another source IP is another client (the address is not the Lambda's own, shared by all)
        assertThat(LambdaEvents.answer(lambda.handleRequest(event("198.18.0.11", 5), null))
                        .status())
                .isEqualTo(200);
    }

    private static com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent event(String sourceIp, int i) {
        var event = LambdaEvents.v2("GET", "/api/v1/things", spoofing(TestHttp.asAccount("t-rl-lambda"), i), null);
        event.getRequestContext().getHttp().setSourceIp(sourceIp);
        return event;
    }
}
