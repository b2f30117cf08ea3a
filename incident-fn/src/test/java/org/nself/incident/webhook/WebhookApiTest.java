package org.nself.incident.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.nself.incident.Api;
import org.nself.shared.testing.PostgresTest;
import org.nself.shared.testing.TestHttp;

@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WebhookApiTest implements PostgresTest {
    @Override
    public Map<String, String> extraProperties() {
        // 203.0.113.0/24 (documentation, refused by default) stands for a public target; nothing is sent there
        return Map.of("nself.outbound.allow", "203.0.113.0/24");
    }

    @Inject
    EmbeddedServer server;

    @Test
    void aWebhookAimedAtAnInternalAddressIsRefusedWithoutAnAllowList() {
        Api api = new Api(server.getURL(), Api.freshAccount());

        TestHttp.Response loopback = api.post("/api/v1/webhooks", "{\"url\":\"http://127.0.0.1:9/x\"}");
        TestHttp.Response metadata = api.post("/api/v1/webhooks", "{\"url\":\"http://169.254.169.254/\"}");

        assertThat(loopback.status()).isEqualTo(400);
        assertThat(metadata.status()).isEqualTo(400);
        assertThat(metadata.body()).contains("metadata");
    }

    @Test
    void badWebhookInputIsRefused() {
        Api api = new Api(server.getURL(), Api.freshAccount());

        assertThat(api.post("/api/v1/webhooks", "{\"url\":\"https://203.0.113.10/x\",\"event_types\":[\"nope\"]}")
                        .status())
                .isEqualTo(400);
        assertThat(api.post("/api/v1/webhooks", "{}").status()).isEqualTo(400);
    }

    @Test
    void anotherAccountsWebhookIsNotFound() {
        Api owner = new Api(server.getURL(), Api.freshAccount());
        TestHttp.Response created = owner.post("/api/v1/webhooks", "{\"url\":\"https://203.0.113.10/hook\"}");
        String id = Api.json(created).get("id").asText();
        Api stranger = new Api(server.getURL(), Api.freshAccount());

        assertThat(created.status()).isEqualTo(201);
        assertThat(Api.json(created).get("secret").asText()).startsWith("whsec_");
        assertThat(stranger.get("/api/v1/webhooks/" + id).status()).isEqualTo(404);
        assertThat(stranger.get("/api/v1/webhooks/" + id + "/deliveries").status())
                .isEqualTo(404);
        assertThat(stranger.send("DELETE", "/api/v1/webhooks/" + id, null, Map.of())
                        .status())
                .isEqualTo(404);
        assertThat(Api.json(stranger.get("/api/v1/webhooks")).get("total").asLong())
                .isZero();
        assertThat(owner.send("DELETE", "/api/v1/webhooks/" + id, null, Map.of())
                        .status())
                .isEqualTo(204);
    }
}
