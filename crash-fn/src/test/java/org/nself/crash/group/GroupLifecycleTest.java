package org.nself.crash.group;

import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.json.JsonMapper;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.nself.crash.Api;
import org.nself.shared.testing.PostgresTest;

@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GroupLifecycleTest implements PostgresTest {
    @Inject
    EmbeddedServer server;

    @Inject
    JsonMapper json;

    Api api;

    @BeforeEach
    void freshAccount() {
        api = new Api(server.getURI());
    }

    /** Reports a crash in {@code function} from {@code release}; answers its group id. */
    long report(String function, String release, String platform, String user) {
        String body =
                """
                {"event_id":"%s","platform":"%s","level":"error","release":"%s","environment":"prod","user":{"id":"%s"},
                 "exception":{"values":[{"type":"Crash","value":"in %s","mechanism":{"type":"generic","handled":false},
                 "stacktrace":{"frames":[{"function":"%s","module":"com.example.App","in_app":true}]}}]}}"""
                        .formatted(UUID.randomUUID(), platform, release, user, function, function);
        var response = api.post("/api/v1/ingest/crash", body);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return Long.parseLong((String) Api.json(json, response.body()).get("group_id"));
    }

    Map<String, Object> group(long id) {
        @SuppressWarnings("unchecked")
        Map<String, Object> group = (Map<String, Object>)
                Api.json(json, api.get("/api/v1/crashes/" + id).body()).get("group");
        return group;
    }

    @Test
    void aResolvedGroupStaysResolvedForAReleaseThatHasSeenIt() {
        long id = report("tick", "app@1", "java", "u1");
        api.patch("/api/v1/crashes/" + id, "{\"status\":\"resolved\"}");

        report("tick", "app@1", "java", "u1");

        assertThat(group(id).get("status")).isEqualTo("resolved");
    }

    @Test
    void aResolvedGroupRegressesForANewReleaseAndTheRegressionIsRecorded() {
        long id = report("tick", "app@1", "java", "u1");
        assertThat(api.patch("/api/v1/crashes/" + id, "{\"status\":\"resolved_in_next_release\"}")
                        .body())
                .contains("\"resolved_in_release\":\"app@1\"");

        report("tick", "app@2", "java", "u1");

        Map<String, Object> detail =
                Api.json(json, api.get("/api/v1/crashes/" + id).body());
        @SuppressWarnings("unchecked")
        Map<String, Object> group = (Map<String, Object>) detail.get("group");
        assertThat(group.get("status")).isEqualTo("unresolved");
        assertThat(group.get("regressed_at")).isNotNull();
        assertThat(detail.get("regressions")).asList().singleElement().satisfies(r -> assertThat(
                        ((Map<?, ?>) r).get("release"))
                .isEqualTo("app@2"));
    }

    @Test
    void anIgnoredGroupStaysIgnoredEvenForANewRelease() {
        long id = report("tick", "app@1", "java", "u1");
        api.patch("/api/v1/crashes/" + id, "{\"status\":\"ignored\"}");

        report("tick", "app@9", "java", "u1");

        assertThat(group(id).get("status")).isEqualTo("ignored");
    }

    @Test
    void anUnknownStatusIsA400() {
        long id = report("tick", "app@1", "java", "u1");

        var response = api.patch("/api/v1/crashes/" + id, "{\"status\":\"fixed\"}");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).contains("\"field\":\"status\"");
    }

    @Test
    void aMergeFoldsCountsAndFutureReportsOfTheMergedFingerprintLandInTheTarget() {
        long target = report("alpha", "app@1", "java", "u1");
        long source = report("beta", "app@2", "native", "u2");
        report("beta", "app@2", "native", "u3");

        var merged = api.post("/api/v1/crashes/" + target + "/merge", "{\"group_ids\":[" + source + "]}");
        assertThat(merged.statusCode()).as(merged.body()).isEqualTo(200);
        Map<String, Object> view = Api.json(json, merged.body());
        assertThat(view.get("count")).isEqualTo(3);
        assertThat(view.get("user_count")).isEqualTo(3);
        assertThat(view.get("platforms")).isEqualTo(List.of("java", "native"));

        long future = report("beta", "app@2", "native", "u4");

        assertThat(future).isEqualTo(target);
        assertThat(group(target).get("count")).isEqualTo(4);
        assertThat(group(source).get("merged_into")).isEqualTo((int) target);
        assertThat(Api.json(
                                json,
                                api.get("/api/v1/crashes/" + target + "/reports")
                                        .body())
                        .get("total"))
                .isEqualTo(4);
        assertThat(Api.data(json, api.get("/api/v1/crashes").body()))
                .extracting(g -> g.get("id"))
                .containsExactly((int) target);
    }

    @Test
    void mergingAGroupIntoItselfOrAnUnknownGroupIsRefused() {
        long id = report("alpha", "app@1", "java", "u1");

        assertThat(api.post("/api/v1/crashes/" + id + "/merge", "{\"group_ids\":[" + id + "]}")
                        .statusCode())
                .isEqualTo(409);
        assertThat(api.post("/api/v1/crashes/" + id + "/merge", "{\"group_ids\":[999999999]}")
                        .statusCode())
                .isEqualTo(404);
        assertThat(api.post("/api/v1/crashes/" + id + "/merge", "{\"group_ids\":[]}")
                        .statusCode())
                .isEqualTo(400);
    }

    @Test
    void theListFiltersAndSorts() {
        long often = report("often", "app@1", "java", "u1");
        report("often", "app@1", "java", "u2");
        long rare = report("rare", "app@2", "native", "u1");
        api.patch("/api/v1/crashes/" + rare, "{\"status\":\"ignored\"}");

        assertThat(ids("?sort=count")).containsExactly((int) often, (int) rare);
        assertThat(ids("?sort=count&order=asc")).containsExactly((int) rare, (int) often);
        assertThat(ids("?sort=users")).containsExactly((int) often, (int) rare);
        assertThat(ids("?status=ignored")).containsExactly((int) rare);
        assertThat(ids("?platform=native")).containsExactly((int) rare);
        assertThat(ids("?release=app@1")).containsExactly((int) often);
        assertThat(ids("?environment=prod&sort=first_seen&order=asc")).containsExactly((int) often, (int) rare);
        assertThat(ids("?q=in%20oft")).containsExactly((int) often);
        assertThat(ids("?since=2999-01-01T00:00:00Z")).isEmpty();
        assertThat(api.get("/api/v1/crashes?sort=size").statusCode()).isEqualTo(400);
        assertThat(api.get("/api/v1/crashes?status=open").statusCode()).isEqualTo(400);
        assertThat(api.get("/api/v1/crashes?limit=0").statusCode()).isEqualTo(400);
    }

    @Test
    void aGroupShowsItsLatestReportAndPerReleaseCounts() {
        long id = report("tick", "app@1", "java", "u1");
        report("tick", "app@2", "java", "u1");

        Map<String, Object> detail =
                Api.json(json, api.get("/api/v1/crashes/" + id).body());

        assertThat(detail.get("releases")).asList().hasSize(2);
        @SuppressWarnings("unchecked")
        Map<String, Object> latest = (Map<String, Object>) detail.get("latest_report");
        assertThat(latest.get("release")).isEqualTo("app@2");
        assertThat(latest.get("payload")).isInstanceOf(Map.class);
        assertThat(api.get("/api/v1/crashes/abc").statusCode()).isEqualTo(404);
        assertThat(api.get("/api/v1/crashes/99999999").statusCode()).isEqualTo(404);
    }

    private List<Object> ids(String query) {
        return Api.data(json, api.get("/api/v1/crashes" + query).body()).stream()
                .map(g -> g.get("id"))
                .toList();
    }
}
