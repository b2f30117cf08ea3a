package org.nself.shared.outbound;

import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.json.JsonMapper;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WebhookMessageTest {
    static final String SECRET = StandardWebhooks.newSecret();

    @Test
    void theBodyIsTypeTimestampAndDataInThatOrder() {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("b", 1);
        data.put("a", "x");

        WebhookMessage m = WebhookMessage.of(
                JsonMapper.createDefault(),
                "m-1",
                "crash.group.created",
                Instant.parse("2026-01-02T03:04:05.5Z"),
                data);

        assertThat(m.id()).isEqualTo("m-1");
        assertThat(m.body())
                .isEqualTo("{\"type\":\"crash.group.created\",\"timestamp\":\"2026-01-02T03:04:05.500Z\","
                        + "\"data\":{\"b\":1,\"a\":\"x\"}}");
    }

    @Test
    void eachAttemptIsSignedWithItsOwnTimeUnderTheMessageId() {
        WebhookMessage m = new WebhookMessage("m-2", "{\"k\":1}");
        StandardWebhooks signer = new StandardWebhooks(SECRET);

        Map<String, String> headers = m.headers(signer, Instant.ofEpochSecond(1_700_000_000), "nself-test");

        assertThat(headers.keySet())
                .containsExactly("webhook-id", "webhook-timestamp", "webhook-signature", "User-Agent");
        assertThat(headers)
                .containsEntry("webhook-id", "m-2")
                .containsEntry("webhook-timestamp", "1700000000")
                .containsEntry("User-Agent", "nself-test");
        assertThat(signer.verify("m-2", 1_700_000_000, "{\"k\":1}", headers.get("webhook-signature")))
                .isTrue();
    }
}
