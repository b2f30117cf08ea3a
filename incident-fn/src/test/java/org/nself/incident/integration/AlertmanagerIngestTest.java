package org.nself.incident.integration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.nself.incident.integration.AlertmanagerPayloads.alert;
import static org.nself.incident.integration.AlertmanagerPayloads.group;

import com.fasterxml.jackson.databind.JsonNode;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.nself.incident.Api;
import org.nself.shared.testing.PostgresTest;
import org.nself.shared.testing.TestHttp;

@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AlertmanagerIngestTest implements PostgresTest {
    static final String PATH = "/api/v1/integrations/alertmanager";

    @Inject
    EmbeddedServer server;

    @Test
    void aFiringGroupOpensAnIncidentThatCollectsItsAlertsAndResolvesWithThem() {
        Api api = new Api(server.getURL(), Api.freshAccount());

        JsonNode opened = Api.json(api.post(PATH, group("g1", "firing", alert("a1", "firing", "web-1"))));
        JsonNode second = Api.json(
                api.post(PATH, group("g1", "firing", alert("a1", "firing", "web-1"), alert("a2", "firing", "web-2"))));
        JsonNode partly = Api.json(api.post(
                PATH, group("g1", "firing", alert("a1", "resolved", "web-1"), alert("a2", "firing", "web-2"))));
        JsonNode resolved = Api.json(api.post(
                PATH, group("g1", "resolved", alert("a1", "resolved", "web-1"), alert("a2", "resolved", "web-2"))));

        assertThat(opened.get("action").asText()).isEqualTo("opened");
        assertThat(second.get("incident_id").asText())
                .isEqualTo(opened.get("incident_id").asText());
        assertThat(second.get("alerts_recorded").asInt()).isEqualTo(1);
        assertThat(partly.get("action").asText()).isEqualTo("updated");
        assertThat(resolved.get("action").asText()).isEqualTo("resolved");
        JsonNode incident = Api.json(
                api.get("/api/v1/incidents/" + opened.get("incident_id").asText()));
        assertThat(incident.get("status").asText()).isEqualTo("resolved");
        assertThat(incident.get("source").asText()).isEqualTo("alertmanager");
        assertThat(incident.get("severity").asText()).isEqualTo("SEV1");
        assertThat(incident.get("started_at").asText()).isEqualTo("2026-01-01T10:00:00.000Z");
        assertThat(kinds(api, incident.get("id").asText()))
                .containsExactly("created", "alert", "alert", "alert", "alert", "status_changed");
    }

    @Test
    void aRedeliveredWebhookChangesNothing() {
        Api api = new Api(server.getURL(), Api.freshAccount());
        String body = group("g2", "firing", alert("a1", "firing", "web-1"));
        String id = Api.json(api.post(PATH, body)).get("incident_id").asText();

        JsonNode again = Api.json(api.post(PATH, body));

        assertThat(again.get("action").asText()).isEqualTo("unchanged");
        assertThat(kinds(api, id)).containsExactly("created", "alert");
        assertThat(Api.json(api.get("/api/v1/incidents")).get("total").asLong()).isEqualTo(1);
    }

    @Test
    void concurrentDeliveriesOfOneGroupOpenOneIncident() throws Exception {
        Api api = new Api(server.getURL(), Api.freshAccount());
        String body = group("g3", "firing", alert("a1", "firing", "web-1"), alert("a2", "firing", "web-2"));

        List<Integer> statuses = Api.concurrently(12, i -> api.post(PATH, body).status());

        assertThat(statuses).containsOnly(200);
        JsonNode list = Api.json(api.get("/api/v1/incidents"));
        assertThat(list.get("total").asLong()).isEqualTo(1);
        assertThat(kinds(api, list.get("data").get(0).get("id").asText())).containsExactly("created", "alert", "alert");
    }

    @Test
    void aGroupThatFiresAgainAfterResolutionOpensANewIncident() {
        Api api = new Api(server.getURL(), Api.freshAccount());
        String first = Api.json(api.post(PATH, group("g4", "firing", alert("a1", "firing", "w"))))
                .get("incident_id")
                .asText();
        api.post(PATH, group("g4", "resolved", alert("a1", "resolved", "w")));

        String second = Api.json(api.post(PATH, group("g4", "firing", alert("a1", "firing", "w"))))
                .get("incident_id")
                .asText();

        assertThat(second).isNotEqualTo(first);
    }

    @Test
    void aResolvedGroupWithoutAnOpenIncidentIsIgnored() {
        Api api = new Api(server.getURL(), Api.freshAccount());

        JsonNode r = Api.json(api.post(PATH, group("g5", "resolved", alert("a1", "resolved", "w"))));

        assertThat(r.get("action").asText()).isEqualTo("ignored");
        assertThat(Api.json(api.get("/api/v1/incidents")).get("total").asLong()).isZero();
    }

    @Test
    void aBadPayloadIsRefused() {
        Api api = new Api(server.getURL(), Api.freshAccount());

        TestHttp.Response r = api.post(PATH, "{\"version\":\"4\",\"status\":\"firing\"}");

        assertThat(r.status()).isEqualTo(400);
        assertThat(r.body()).contains("groupKey");
    }

    static List<String> kinds(Api api, String id) {
        List<String> out = new ArrayList<>();
        Api.json(api.get("/api/v1/incidents/" + id + "/timeline"))
                .get("data")
                .forEach(e -> out.add(e.get("kind").asText()));
        return out;
    }
}
