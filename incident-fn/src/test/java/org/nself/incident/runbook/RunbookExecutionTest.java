package org.nself.incident.runbook;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.nself.incident.Api;
import org.nself.incident.LocalServer;
import org.nself.shared.testing.PostgresTest;
import org.nself.shared.testing.TestHttp;

@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RunbookExecutionTest implements PostgresTest {
    private final AtomicInteger flaky = new AtomicInteger();
    private final LocalServer hooks = new LocalServer(r -> {
        if (r.path().startsWith("/flaky") && flaky.incrementAndGet() <= 2) {
            return new LocalServer.Reply(503, "busy", 0);
        }
        if (r.path().startsWith("/slow")) {
            return new LocalServer.Reply(200, "late", 3_000);
        }
        if (r.path().startsWith("/bad")) {
            return new LocalServer.Reply(400, "no", 0);
        }
        return LocalServer.Reply.ok("done");
    });

    @Inject
    EmbeddedServer server;

    @Override
    public Map<String, String> extraProperties() {
        return Map.of("nself.outbound.allow", "127.0.0.1/32");
    }

    @AfterAll
    void stop() {
        hooks.close();
    }

    private Api api() {
        return new Api(server.getURL(), Api.freshAccount());
    }

    private String runbook(Api api, String criteria, String steps) {
        TestHttp.Response r =
                api.post("/api/v1/runbooks", "{\"name\":\"rb\"," + criteria + "\"steps\":[" + steps + "]}");
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return Api.json(r).get("id").asText();
    }

    private JsonNode executions(Api api, String incidentId) {
        return Api.json(api.get("/api/v1/incidents/" + incidentId + "/runbooks"));
    }

    @Test
    void aMatchingRunbookAttachesWhenAnIncidentOpensAndRunsUntilAManualStep() {
        Api api = api();
        runbook(
                api,
                "\"types\":[\"database\"],",
                "{\"kind\":\"note\",\"name\":\"say\",\"message\":\"Runbook for {{incident.ref}}\"},"
                        + "{\"id\":\"dba\",\"kind\":\"manual\",\"name\":\"Page the DBA\"},"
                        + "{\"kind\":\"http\",\"name\":\"notify\",\"url\":\"" + hooks.url("/notify") + "\","
                        + "\"body\":\"{\\\"text\\\":\\\"{{incident.title}}\\\"}\"}");

        String id = api.createIncident("{\"title\":\"Primary \\\"db\\\" down\",\"type\":\"database\"}")
                .get("id")
                .asText();
        JsonNode exec = executions(api, id).get("data").get(0);

        assertThat(exec.get("trigger").asText()).isEqualTo("auto");
        assertThat(states(exec)).containsExactly("completed", "pending", "pending");

        JsonNode after = Api.json(api.post(
                "/api/v1/incidents/" + id + "/runbooks/executions/"
                        + exec.get("id").asText() + "/steps/dba",
                "{\"action\":\"complete\",\"note\":\"paged\"}"));

        assertThat(states(after)).containsExactly("completed", "completed", "completed");
        assertThat(after.get("status").asText()).isEqualTo("completed");
        assertThat(after.get("steps").get(2).get("output").get("status").asInt())
                .isEqualTo(200);
        LocalServer.Received call = hooks.received().stream()
                .filter(r -> r.path().equals("/notify"))
                .findFirst()
                .orElseThrow();
        assertThat(call.body()).isEqualTo("{\"text\":\"Primary \\\"db\\\" down\"}");
        List<String> kinds = kinds(api, id);
        assertThat(kinds)
                .containsSubsequence(
                        "created",
                        "runbook_started",
                        "note",
                        "runbook_step",
                        "runbook_step",
                        "runbook_step",
                        "runbook_step",
                        "runbook_completed");
    }

    @Test
    void aRunbookAttachesWhenAnEscalationBringsTheIncidentIntoItsMatch() {
        Api api = api();
        runbook(api, "\"severities\":[\"SEV1\"],", "{\"kind\":\"manual\",\"name\":\"war room\"}");
        String id = api.createIncident("{\"title\":\"x\",\"severity\":\"SEV3\"}")
                .get("id")
                .asText();
        assertThat(executions(api, id).get("total").asLong()).isZero();

        api.patch("/api/v1/incidents/" + id, "{\"severity\":\"SEV1\"}");
        api.patch("/api/v1/incidents/" + id, "{\"severity\":\"SEV2\"}");
        api.patch("/api/v1/incidents/" + id, "{\"severity\":\"SEV1\"}");

        assertThat(executions(api, id).get("total").asLong()).isEqualTo(1);
    }

    @Test
    void anHttpStepIsRetriedUntilItSucceeds() {
        Api api = api();
        String rb = runbook(
                api,
                "",
                "{\"kind\":\"http\",\"name\":\"flaky\",\"url\":\"" + hooks.url("/flaky")
                        + "\",\"retries\":3,\"timeout_ms\":2000}");
        String id = api.createIncident("{\"title\":\"x\"}").get("id").asText();

        TestHttp.Response r = api.post("/api/v1/incidents/" + id + "/runbooks/" + rb + "/executions", null);

        assertThat(r.status()).isEqualTo(201);
        JsonNode step = Api.json(r).get("steps").get(0);
        assertThat(step.get("state").asText()).isEqualTo("completed");
        assertThat(step.get("attempts").asInt()).isEqualTo(3);
    }

    @Test
    void anHttpStepThatTimesOutFailsTheExecutionUntilItIsSkipped() {
        Api api = api();
        String rb = runbook(
                api,
                "",
                "{\"id\":\"slow\",\"kind\":\"http\",\"name\":\"slow\",\"url\":\"" + hooks.url("/slow")
                        + "\",\"retries\":1,\"timeout_ms\":200},{\"id\":\"last\",\"kind\":\"manual\",\"name\":\"check\"}");
        String id = api.createIncident("{\"title\":\"x\"}").get("id").asText();

        JsonNode exec = Api.json(api.post("/api/v1/incidents/" + id + "/runbooks/" + rb + "/executions", null));

        assertThat(exec.get("status").asText()).isEqualTo("failed");
        JsonNode step = exec.get("steps").get(0);
        assertThat(step.get("state").asText()).isEqualTo("failed");
        assertThat(step.get("attempts").asInt()).isEqualTo(2);
        assertThat(step.get("output").get("error").asText()).contains("timed out");

        JsonNode skipped = Api.json(api.post(
                "/api/v1/incidents/" + id + "/runbooks/executions/"
                        + exec.get("id").asText() + "/steps/slow",
                "{\"action\":\"skip\"}"));
        assertThat(skipped.get("status").asText()).isEqualTo("running");
        assertThat(states(skipped)).containsExactly("skipped", "pending");
    }

    @Test
    void aClientErrorIsNotRetried() {
        Api api = api();
        String rb = runbook(
                api, "", "{\"kind\":\"http\",\"name\":\"bad\",\"url\":\"" + hooks.url("/bad") + "\",\"retries\":3}");
        String id = api.createIncident("{\"title\":\"x\"}").get("id").asText();

        JsonNode exec = Api.json(api.post("/api/v1/incidents/" + id + "/runbooks/" + rb + "/executions", null));

        assertThat(exec.get("steps").get(0).get("attempts").asInt()).isEqualTo(1);
        assertThat(exec.get("steps").get(0).get("output").get("status").asInt()).isEqualTo(400);
    }

    @Test
    void onlyManualPendingStepsCanBeCompleted() {
        Api api = api();
        String rb = runbook(
                api,
                "",
                "{\"id\":\"n\",\"kind\":\"note\",\"name\":\"n\",\"message\":\"m\"},"
                        + "{\"id\":\"m\",\"kind\":\"manual\",\"name\":\"m\"}");
        String id = api.createIncident("{\"title\":\"x\"}").get("id").asText();
        String exec = Api.json(api.post("/api/v1/incidents/" + id + "/runbooks/" + rb + "/executions", null))
                .get("id")
                .asText();
        String steps = "/api/v1/incidents/" + id + "/runbooks/executions/" + exec + "/steps/";

        assertThat(api.post(steps + "n", "{\"action\":\"complete\"}").status()).isEqualTo(409);
        assertThat(api.post(steps + "m", "{\"action\":\"explode\"}").status()).isEqualTo(400);
        assertThat(api.post(steps + "zzz", "{\"action\":\"complete\"}").status())
                .isEqualTo(404);
        assertThat(api.post(steps + "m", "{\"action\":\"complete\"}").status()).isEqualTo(200);
        assertThat(api.post(steps + "m", "{\"action\":\"complete\"}").status()).isEqualTo(409);
        assertThat(api().post(steps + "m", "{\"action\":\"skip\"}").status()).isEqualTo(404);
    }

    private static List<String> states(JsonNode exec) {
        List<String> out = new ArrayList<>();
        exec.get("steps").forEach(s -> out.add(s.get("state").asText()));
        return out;
    }

    private static List<String> kinds(Api api, String id) {
        List<String> out = new ArrayList<>();
        Api.json(api.get("/api/v1/incidents/" + id + "/timeline"))
                .get("data")
                .forEach(e -> out.add(e.get("kind").asText()));
        return out;
    }
}
