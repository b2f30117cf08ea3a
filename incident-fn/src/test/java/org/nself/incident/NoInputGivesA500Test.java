package org.nself.incident;

import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.nself.shared.testing.PostgresTest;
import org.nself.shared.testing.TestHttp;

/** Hostile bodies against every write endpoint: each is refused with a 4xx in the nself shape, never a 500. */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class NoInputGivesA500Test implements PostgresTest {
    @Override
    public Map<String, String> extraProperties() {
        // 203.0.113.0/24 (documentation, refused by default) stands for a public target; nothing is sent there
        return Map.of("nself.outbound.allow", "203.0.113.0/24");
    }

    private static final List<String> BODIES = List.of(
            "",
            "null",
            "[]",
            "\"text\"",
            "{",
            "{\"title\":null}",
            "{\"title\":{\"a\":1}}",
            "{\"title\":\"" + "x".repeat(5000) + "\"}",
            "{\"title\":\"t\",\"severity\":5}",
            "{\"title\":\"t\",\"labels\":[1,2]}",
            "{\"title\":\"t\",\"assignees\":{\"a\":1}}",
            "{\"title\":\"t\",\"started_at\":\"+99999-01-01T00:00:00Z\"}",
            "{\"title\":\"t\",\"started_at\":\"0001-01-01T00:00:00Z\",\"detected_at\":\"0000-01-01T00:00:00Z\"}",
            "{\"title\":\"t\",\"detected_at\":\"2001-01-01T00:00:00Z\"}",
            "{\"status\":\"resolved\",\"title\":\"\\u0000\"}",
            "{\"message\":\"m\",\"occurred_at\":\"99999-12-31T00:00:00Z\"}",
            "{\"message\":\"m\",\"data\":\"x\"}",
            "{\"message\":\"m\",\"data\":{\"k\":\"a\\u0000b\"}}",
            "{\"title\":\"t\",\"labels\":{\"k\\u0000\":\"v\"}}",
            "{\"name\":\"r\",\"steps\":[{\"kind\":\"http\",\"name\":\"h\",\"url\":\"http://[::1\"}]}",
            "{\"name\":\"r\",\"steps\":[{\"kind\":\"http\",\"name\":\"h\",\"url\":\"http://a b/\"}]}",
            "{\"name\":\"r\",\"steps\":[null]}",
            "{\"name\":\"r\",\"steps\":[{\"kind\":\"note\",\"name\":\"n\",\"message\":\"m\",\"retries\":1e400}]}",
            "{\"action\":\"complete\",\"note\":[]}",
            "{\"version\":\"4\",\"groupKey\":\"g\",\"status\":\"firing\",\"alerts\":[{\"status\":\"firing\",\"labels\":null,"
                    + "\"startsAt\":\"garbage\"}]}",
            "{\"routing_key\":\"k\",\"event_action\":\"trigger\",\"payload\":{\"summary\":\"s\",\"source\":\"x\","
                    + "\"severity\":\"critical\",\"timestamp\":\"-5000-01-01T00:00:00Z\"}}",
            "{\"routing_key\":\"k\",\"event_action\":\"trigger\",\"payload\":{\"summary\":\"s\",\"source\":\"x\","
                    + "\"severity\":\"critical\",\"custom_details\":{\"a\":\"\\u0000\"}}}",
            "{\"url\":\"https://203.0.113.10/x\",\"event_types\":null,\"enabled\":\"yes\"}",
            "{\"a\":" + "[".repeat(3000) + "]".repeat(3000) + "}");

    @Inject
    EmbeddedServer server;

    private Api api;
    private final List<String[]> targets = new ArrayList<>();

    @BeforeAll
    void givenOneOfEachResource() {
        api = new Api(server.getURL(), Api.freshAccount());
        String incident = api.createIncident("{\"title\":\"target\"}").get("id").asText();
        String runbook = Api.json(api.post(
                        "/api/v1/runbooks",
                        "{\"name\":\"r\",\"steps\":[{\"id\":\"m\",\"kind\":\"manual\",\"name\":\"m\"}]}"))
                .get("id")
                .asText();
        String exec = Api.json(api.post("/api/v1/incidents/" + incident + "/runbooks/" + runbook + "/executions", null))
                .get("id")
                .asText();
        String webhook = Api.json(api.post("/api/v1/webhooks", "{\"url\":\"https://203.0.113.10/x\"}"))
                .get("id")
                .asText();
        targets.add(new String[] {"POST", "/api/v1/incidents"});
        targets.add(new String[] {"PATCH", "/api/v1/incidents/" + incident});
        targets.add(new String[] {"POST", "/api/v1/incidents/" + incident + "/timeline"});
        targets.add(new String[] {"PATCH", "/api/v1/incidents/" + incident + "/timeline/1"});
        targets.add(new String[] {"POST", "/api/v1/runbooks"});
        targets.add(new String[] {"PATCH", "/api/v1/runbooks/" + runbook});
        targets.add(new String[] {"POST", "/api/v1/incidents/" + incident + "/runbooks/" + runbook + "/executions"});
        targets.add(
                new String[] {"POST", "/api/v1/incidents/" + incident + "/runbooks/executions/" + exec + "/steps/m"});
        targets.add(new String[] {"POST", "/api/v1/integrations/alertmanager"});
        targets.add(new String[] {"POST", "/api/v1/integrations/events"});
        targets.add(new String[] {"POST", "/api/v1/webhooks"});
        targets.add(new String[] {"PATCH", "/api/v1/webhooks/" + webhook});
    }

    @Test
    void hostileBodiesNeverGetA500() {
        for (String[] target : targets) {
            for (String body : BODIES) {
                TestHttp.Response r = api.send(target[0], target[1], body, java.util.Map.of());
                assertThat(r.status())
                        .as(target[0] + " " + target[1] + " with " + body.substring(0, Math.min(80, body.length()))
                                + ": " + r.body())
                        .isLessThan(500);
                if (r.status() >= 400) {
                    assertThat(r.body()).contains("\"code\"");
                }
            }
        }
    }

    @Test
    void hostileQueriesNeverGetA500() {
        for (String query : List.of(
                "/api/v1/incidents?since=yesterday",
                "/api/v1/incidents?label=nocolon",
                "/api/v1/incidents?severity=" + "SEV1,".repeat(30),
                "/api/v1/incidents?offset=-1",
                "/api/v1/incidents/not-a-uuid",
                "/api/v1/incidents/00000000-0000-0000-0000-000000000000/timeline?limit=0",
                "/api/v1/stats?since=2026-01-01T00:00:00Z&until=2025-01-01T00:00:00Z",
                "/api/v1/stats?until=2026-01-01T00:00:00Z",
                "/api/v1/runbooks/xyz",
                "/api/v1/webhooks/xyz/deliveries")) {
            TestHttp.Response r = api.get(query);
            assertThat(r.status()).as(query + ": " + r.body()).isBetween(400, 499);
        }
    }
}
