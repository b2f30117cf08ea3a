package org.nself.incident.integration;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.nself.incident.Api;
import org.nself.shared.testing.PostgresTest;
import org.nself.shared.testing.TestHttp;

@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EventsApiTest implements PostgresTest {
    static final String PATH = "/api/v1/integrations/events";
    static final String ROUTING = "\"routing_key\":\"R0UT1NGKEY0123456789ABCDEFGHIJKL\"";

    @Inject
    EmbeddedServer server;

    private static String trigger(String dedup, String severity) {
        return "{" + ROUTING + ",\"event_action\":\"trigger\""
                + (dedup == null ? "" : ",\"dedup_key\":\"" + dedup + "\"")
                + ",\"payload\":{\"summary\":\"Disk full on db-1\",\"source\":\"db-1\",\"severity\":\"" + severity
                + "\",\"component\":\"postgres\",\"custom_details\":{\"free\":\"0%\"}}}";
    }

    private static String action(String action, String dedup) {
        return "{" + ROUTING + ",\"event_action\":\"" + action + "\",\"dedup_key\":\"" + dedup + "\"}";
    }

    @Test
    void triggerAcknowledgeAndResolveByDedupKeyAnswerAsPagerDutyDoes() {
        Api api = new Api(server.getURL(), Api.freshAccount());

        TestHttp.Response triggered = api.post(PATH, trigger("disk-db-1", "warning"));
        TestHttp.Response acknowledged = api.post(PATH, action("acknowledge", "disk-db-1"));
        JsonNode afterAck = Api.json(api.get("/api/v1/incidents")).get("data").get(0);
        TestHttp.Response resolved = api.post(PATH, action("resolve", "disk-db-1"));

        assertThat(triggered.status()).isEqualTo(202);
        assertThat(Api.json(triggered).get("status").asText()).isEqualTo("success");
        assertThat(Api.json(triggered).get("message").asText()).isEqualTo("Event processed");
        assertThat(Api.json(triggered).get("dedup_key").asText()).isEqualTo("disk-db-1");
        assertThat(acknowledged.status()).isEqualTo(202);
        assertThat(afterAck.get("status").asText()).isEqualTo("acknowledged");
        assertThat(afterAck.get("source").asText()).isEqualTo("events_api");
        assertThat(afterAck.get("labels").get("component").asText()).isEqualTo("postgres");
        assertThat(resolved.status()).isEqualTo(202);
        JsonNode incident = Api.json(api.get("/api/v1/incidents")).get("data").get(0);
        assertThat(incident.get("status").asText()).isEqualTo("resolved");
        assertThat(incident.get("acknowledged_at").isNull()).isFalse();
    }

    @Test
    void aTriggerWithoutDedupKeyGetsOneAndARepeatedTriggerJoinsAndEscalates() {
        Api api = new Api(server.getURL(), Api.freshAccount());

        String key = Api.json(api.post(PATH, trigger(null, "warning")))
                .get("dedup_key")
                .asText();
        api.post(PATH, trigger(key, "critical"));

        JsonNode list = Api.json(api.get("/api/v1/incidents"));
        assertThat(key).hasSize(32);
        assertThat(list.get("total").asLong()).isEqualTo(1);
        assertThat(list.get("data").get(0).get("severity").asText()).isEqualTo("SEV1");
    }

    @Test
    void anInvalidEventIsRefusedInPagerDutysShape() {
        Api api = new Api(server.getURL(), Api.freshAccount());

        TestHttp.Response r =
                api.post(PATH, "{" + ROUTING + ",\"event_action\":\"trigger\",\"payload\":{\"summary\":\"x\"}}");
        TestHttp.Response noKey = api.post(PATH, "{" + ROUTING + ",\"event_action\":\"resolve\"}");
        TestHttp.Response notJson = api.post(PATH, "{{");

        assertThat(r.status()).isEqualTo(400);
        JsonNode body = Api.json(r);
        assertThat(body.get("status").asText()).isEqualTo("invalid event");
        assertThat(body.get("message").asText()).isEqualTo("Event object is invalid");
        assertThat(body.get("errors").toString()).contains("payload.source").contains("payload.severity");
        assertThat(body.get("code").asText()).isEqualTo("INVALID_REQUEST");
        assertThat(noKey.status()).isEqualTo(400);
        assertThat(notJson.status()).isEqualTo(400);
    }

    @Test
    void acknowledgingAnUnknownKeyIsAcceptedAndChangesNothing() {
        Api api = new Api(server.getURL(), Api.freshAccount());

        assertThat(api.post(PATH, action("acknowledge", "nothing-here")).status())
                .isEqualTo(202);
        assertThat(Api.json(api.get("/api/v1/incidents")).get("total").asLong()).isZero();
    }
}
