package org.nself.incident.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.nself.incident.Api;
import org.nself.shared.testing.PostgresTest;
import org.nself.shared.testing.TestHttp;

@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class IncidentApiTest implements PostgresTest {
    @Inject
    EmbeddedServer server;

    private Api api() {
        return new Api(server.getURL(), Api.freshAccount());
    }

    @Test
    void openingAnIncidentNumbersItAndWritesTheCreatedEntry() {
        Api api = api();

        JsonNode first = api.createIncident("{\"title\":\"DB down\",\"severity\":\"SEV1\",\"type\":\"database\"}");
        JsonNode second = api.createIncident("{\"title\":\"Slow API\"}");

        assertThat(first.get("ref").asText()).isEqualTo("INC-1");
        assertThat(second.get("ref").asText()).isEqualTo("INC-2");
        assertThat(first.get("status").asText()).isEqualTo("triggered");
        assertThat(second.get("severity").asText()).isEqualTo("SEV3");
        JsonNode timeline =
                Api.json(api.get("/api/v1/incidents/" + first.get("id").asText() + "/timeline"));
        assertThat(timeline.get("total").asLong()).isEqualTo(1);
        assertThat(timeline.get("data").get(0).get("kind").asText()).isEqualTo("created");
        assertThat(timeline.get("data").get(0).get("seq").asLong()).isEqualTo(1);
    }

    @Test
    void badInputIsRefusedWithDetails() {
        Api api = api();

        TestHttp.Response r = api.post(
                "/api/v1/incidents", "{\"title\":\"\",\"severity\":\"SEV9\",\"labels\":{\"a\":1},\"bogus\":true}");

        assertThat(r.status()).isEqualTo(400);
        JsonNode body = Api.json(r);
        assertThat(body.get("code").asText()).isEqualTo("INVALID_REQUEST");
        List<String> fields = new ArrayList<>();
        body.get("details").forEach(d -> fields.add(d.get("field").asText()));
        assertThat(fields).contains("title", "severity", "labels.a", "bogus");
    }

    @Test
    void notJsonIsRefused() {
        assertThat(api().post("/api/v1/incidents", "{nope").status()).isEqualTo(400);
        assertThat(api().post("/api/v1/incidents", "[1,2]").status()).isEqualTo(400);
    }

    @Test
    void anIllegalTransitionAnswers422NamingTheAllowedOnes() {
        Api api = api();
        String id = api.createIncident("{\"title\":\"x\"}").get("id").asText();

        TestHttp.Response r = api.patch("/api/v1/incidents/" + id, "{\"status\":\"closed\"}");

        assertThat(r.status()).isEqualTo(422);
        assertThat(Api.json(r).get("error").asText())
                .contains("allowed: acknowledged")
                .contains("resolved");
        assertThat(Api.json(api.get("/api/v1/incidents/" + id)).get("status").asText())
                .isEqualTo("triggered");
    }

    @Test
    void reopenKeepsTheFirstResolutionAndCountsTheReopen() {
        Api api = api();
        String id = api.createIncident("{\"title\":\"x\"}").get("id").asText();
        JsonNode resolved = Api.json(api.patch("/api/v1/incidents/" + id, "{\"status\":\"resolved\"}"));

        JsonNode reopened = Api.json(api.patch("/api/v1/incidents/" + id, "{\"status\":\"investigating\"}"));
        JsonNode again = Api.json(api.patch("/api/v1/incidents/" + id, "{\"status\":\"resolved\"}"));

        assertThat(reopened.get("reopen_count").asInt()).isEqualTo(1);
        assertThat(again.get("resolved_at").asText())
                .isEqualTo(resolved.get("resolved_at").asText());
        JsonNode timeline = Api.json(api.get("/api/v1/incidents/" + id + "/timeline"));
        assertThat(timeline.get("data").get(2).get("data").get("reopen").asBoolean())
                .isTrue();
    }

    @Test
    void everyChangeWritesItsEntry() {
        Api api = api();
        String id = api.createIncident("{\"title\":\"x\"}").get("id").asText();

        api.patch(
                "/api/v1/incidents/" + id,
                "{\"status\":\"acknowledged\",\"severity\":\"SEV2\",\"commander\":\"ann\",\"title\":\"y\"}");

        JsonNode timeline = Api.json(api.get("/api/v1/incidents/" + id + "/timeline"));
        List<String> kinds = new ArrayList<>();
        timeline.get("data").forEach(e -> kinds.add(e.get("kind").asText()));
        assertThat(kinds).containsExactly("created", "status_changed", "severity_changed", "owner_changed", "updated");
    }

    @Test
    void listsFilterAndSort() {
        Api api = api();
        api.createIncident("{\"title\":\"a\",\"severity\":\"SEV3\",\"type\":\"db\",\"labels\":{\"team\":\"core\"}}");
        api.createIncident("{\"title\":\"b\",\"severity\":\"SEV1\",\"type\":\"db\",\"commander\":\"ann\"}");
        api.createIncident("{\"title\":\"c\",\"severity\":\"SEV2\",\"type\":\"net\"}");

        JsonNode bySeverity = Api.json(api.get("/api/v1/incidents?sort=severity"));
        JsonNode db = Api.json(api.get("/api/v1/incidents?type=db&limit=1"));
        JsonNode labelled = Api.json(api.get("/api/v1/incidents?label=team:core"));
        JsonNode commanded = Api.json(api.get("/api/v1/incidents?commander=ann&severity=SEV1,SEV2"));

        assertThat(titles(bySeverity)).containsExactly("b", "c", "a");
        assertThat(db.get("total").asLong()).isEqualTo(2);
        assertThat(db.get("data")).hasSize(1);
        assertThat(db.get("limit").asInt()).isEqualTo(1);
        assertThat(titles(labelled)).containsExactly("a");
        assertThat(titles(commanded)).containsExactly("b");
        assertThat(api.get("/api/v1/incidents?sort=name").status()).isEqualTo(400);
        assertThat(api.get("/api/v1/incidents?status=weird").status()).isEqualTo(400);
        assertThat(api.get("/api/v1/incidents?limit=5000").status()).isEqualTo(400);
    }

    @Test
    void aStaleIfMatchAnswers412AndChangesNothing() {
        Api api = api();
        String id = api.createIncident("{\"title\":\"x\"}").get("id").asText();
        String etag = api.get("/api/v1/incidents/" + id).headers().get("ETag");
        TestHttp.Response first =
                api.send("PATCH", "/api/v1/incidents/" + id, "{\"severity\":\"SEV1\"}", Map.of("If-Match", etag));

        TestHttp.Response stale =
                api.send("PATCH", "/api/v1/incidents/" + id, "{\"severity\":\"SEV5\"}", Map.of("If-Match", etag));

        assertThat(first.status()).isEqualTo(200);
        assertThat(first.headers().get("ETag")).isNotEqualTo(etag);
        assertThat(stale.status()).isEqualTo(412);
        assertThat(Api.json(stale).get("code").asText()).isEqualTo("PRECONDITION_FAILED");
        JsonNode now = Api.json(api.get("/api/v1/incidents/" + id));
        assertThat(now.get("severity").asText()).isEqualTo("SEV1");
        assertThat(now.get("timeline_length").asLong()).isEqualTo(2);
    }

    @Test
    void aRepeatedIdempotencyKeyReplaysTheFirstAnswer() {
        Api api = api();
        String body = "{\"title\":\"once\"}";

        TestHttp.Response first = api.send("POST", "/api/v1/incidents", body, Map.of("Idempotency-Key", "k-1"));
        TestHttp.Response second = api.send("POST", "/api/v1/incidents", body, Map.of("Idempotency-Key", "k-1"));
        TestHttp.Response other =
                api.send("POST", "/api/v1/incidents", "{\"title\":\"twice\"}", Map.of("Idempotency-Key", "k-1"));

        assertThat(first.status()).isEqualTo(201);
        assertThat(second.status()).isEqualTo(201);
        assertThat(second.body()).isEqualTo(first.body());
        assertThat(second.headers().get("Idempotent-Replayed")).isEqualTo("true");
        assertThat(other.status()).isEqualTo(422);
        assertThat(Api.json(api.get("/api/v1/incidents")).get("total").asLong()).isEqualTo(1);
    }

    @Test
    void concurrentRepeatsOfOneIdempotencyKeyCreateOneIncident() throws Exception {
        Api api = api();
        List<Integer> statuses = Api.concurrently(
                8, i -> api.send("POST", "/api/v1/incidents", "{\"title\":\"race\"}", Map.of("Idempotency-Key", "race"))
                        .status());

        assertThat(statuses).containsOnly(201);
        assertThat(Api.json(api.get("/api/v1/incidents")).get("total").asLong()).isEqualTo(1);
    }

    @Test
    void fiftyConcurrentChangesGetTheGaplessSeqOneToN() throws Exception {
        Api api = api();
        String id = api.createIncident("{\"title\":\"busy\"}").get("id").asText();

        List<Integer> statuses = Api.concurrently(
                50,
                i -> i % 2 == 0
                        ? api.patch("/api/v1/incidents/" + id, "{\"commander\":\"c-" + i + "\"}")
                                .status()
                        : api.post("/api/v1/incidents/" + id + "/timeline", "{\"message\":\"m-" + i + "\"}")
                                .status());

        assertThat(statuses).allMatch(s -> s == 200 || s == 201);
        JsonNode timeline = Api.json(api.get("/api/v1/incidents/" + id + "/timeline?limit=1000"));
        List<Long> seqs = new ArrayList<>();
        List<String> seen = new ArrayList<>();
        timeline.get("data").forEach(e -> {
            seqs.add(e.get("seq").asLong());
            if (e.get("kind").asText().equals("note")) {
                seen.add(e.get("data").get("message").asText());
            } else if (e.get("kind").asText().equals("owner_changed")) {
                seen.add(e.get("data").get("commander").get("to").asText());
            }
        });
        assertThat(seqs)
                .containsExactlyElementsOf(
                        java.util.stream.LongStream.rangeClosed(1, 51).boxed().toList());
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            expected.add(i % 2 == 0 ? "c-" + i : "m-" + i);
        }
        assertThat(seen).containsExactlyInAnyOrderElementsOf(expected);
        assertThat(Api.json(api.get("/api/v1/incidents/" + id))
                        .get("timeline_length")
                        .asLong())
                .isEqualTo(51);
    }

    @Test
    void systemEntriesAreImmutableButNotesCanBeRedated() {
        Api api = api();
        String id = api.createIncident("{\"title\":\"x\"}").get("id").asText();
        JsonNode note = Api.json(api.post("/api/v1/incidents/" + id + "/timeline", "{\"message\":\"saw it\"}"));

        TestHttp.Response redated = api.patch(
                "/api/v1/incidents/" + id + "/timeline/" + note.get("seq").asLong(),
                "{\"occurred_at\":\"2026-01-01T00:00:00Z\"}");
        TestHttp.Response system =
                api.patch("/api/v1/incidents/" + id + "/timeline/1", "{\"occurred_at\":\"2026-01-01T00:00:00Z\"}");

        assertThat(redated.status()).isEqualTo(200);
        assertThat(Api.json(redated).get("occurred_at").asText()).isEqualTo("2026-01-01T00:00:00.000Z");
        assertThat(system.status()).isEqualTo(409);
    }

    @Test
    void anotherAccountsIncidentIsNotFound() {
        Api owner = api();
        Api stranger = api();
        String id = owner.createIncident("{\"title\":\"secret\"}").get("id").asText();

        assertThat(stranger.get("/api/v1/incidents/" + id).status()).isEqualTo(404);
        assertThat(stranger.patch("/api/v1/incidents/" + id, "{\"severity\":\"SEV1\"}")
                        .status())
                .isEqualTo(404);
        assertThat(stranger.post("/api/v1/incidents/" + id + "/timeline", "{\"message\":\"hi\"}")
                        .status())
                .isEqualTo(404);
        assertThat(stranger.get("/api/v1/incidents/" + id + "/timeline").status())
                .isEqualTo(404);
        assertThat(Api.json(stranger.get("/api/v1/incidents")).get("total").asLong())
                .isZero();
        assertThat(Api.json(owner.get("/api/v1/incidents")).get("total").asLong())
                .isEqualTo(1);
    }

    @Test
    void withoutBearerTheApiAnswers401() {
        TestHttp.Response r = new TestHttp(server.getURL()).get("/api/v1/incidents", Map.of());

        assertThat(r.status()).isEqualTo(401);
    }

    private static List<String> titles(JsonNode list) {
        List<String> out = new ArrayList<>();
        list.get("data").forEach(i -> out.add(i.get("title").asText()));
        return out;
    }
}
