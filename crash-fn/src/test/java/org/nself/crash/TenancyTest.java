package org.nself.crash;

import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.json.JsonMapper;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.nself.shared.jobs.ScheduledJobs;
import org.nself.shared.testing.FunctionContract;
import org.nself.shared.testing.Jwts;
import org.nself.shared.testing.PostgresTest;

/** Two accounts never see, change or merge each other's data; the other account's ids answer 404. */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TenancyTest implements PostgresTest {
    @Inject
    EmbeddedServer server;

    @Inject
    JsonMapper json;

    @Inject
    ScheduledJobs jobs;

    static final String EVENT =
            """
            {"event_id":"%s","platform":"native","level":"fatal","release":"a@1",
             "exception":{"values":[{"type":"SIGSEGV","value":"x","stacktrace":{"frames":[{"function":"same","package":"/bin/a"}]}}]}}""";

    @Test
    void twoAccountsCannotSeeOrTouchEachOthersData() {
        Api alice = new Api(server.getURI());
        Api bob = new Api(server.getURI());
        // the same crash in both accounts makes one group in each
        long aliceGroup = groupOf(alice.post("/api/v1/ingest/crash", EVENT.formatted(UUID.randomUUID()))
                .body());
        long bobGroup = groupOf(bob.post("/api/v1/ingest/crash", EVENT.formatted(UUID.randomUUID()))
                .body());
        alice.post(
                "/api/v1/ingest/session",
                """
                {"sid":"%s","init":true,"started":"%s","status":"crashed","attrs":{"release":"a@1"}}"""
                        .formatted(UUID.randomUUID(), Instant.now()));
        Map<String, Object> project = Api.json(
                json, alice.post("/api/v1/projects", "{\"name\":\"alice\"}").body());
        jobs.find("crash-rollup").orElseThrow().run(Instant.now());

        assertThat(bobGroup).isNotEqualTo(aliceGroup);
        assertThat(Api.data(json, bob.get("/api/v1/crashes").body()))
                .extracting(g -> ((Number) g.get("id")).longValue())
                .containsExactly(bobGroup);
        assertThat(bob.get("/api/v1/crashes/" + aliceGroup).statusCode()).isEqualTo(404);
        assertThat(bob.get("/api/v1/crashes/" + aliceGroup + "/reports").statusCode())
                .isEqualTo(404);
        assertThat(bob.patch("/api/v1/crashes/" + aliceGroup, "{\"status\":\"ignored\"}")
                        .statusCode())
                .isEqualTo(404);
        assertThat(bob.post("/api/v1/crashes/" + bobGroup + "/merge", "{\"group_ids\":[" + aliceGroup + "]}")
                        .statusCode())
                .isEqualTo(404);
        assertThat(bob.get("/api/v1/projects/" + project.get("id")).statusCode())
                .isEqualTo(404);
        assertThat(bob.delete("/api/v1/projects/" + project.get("id")).statusCode())
                .isEqualTo(404);
        assertThat(Api.data(json, bob.get("/api/v1/projects").body())).isEmpty();
        assertThat(Api.data(json, bob.get("/api/v1/sessions").body())).isEmpty();
        assertThat(Api.json(json, bob.get("/api/v1/stats?period=24h").body()).get("crash_free_sessions"))
                .isNull();
        assertThat(Api.json(json, alice.get("/api/v1/stats?period=24h").body()).get("crash_free_sessions"))
                .isEqualTo(0.0);
        assertThat(Api.data(json, bob.get("/api/v1/releases").body()))
                .singleElement()
                .satisfies(r -> assertThat(r.get("sessions"))
                        .isEqualTo(Map.of("started", 0, "healthy", 0, "errored", 0, "crashed", 0, "abnormal", 0)));
        assertThat(alice.get("/api/v1/crashes/" + aliceGroup).statusCode()).isEqualTo(200);
    }

    @Test
    void aJwtUserReadsOnlyItsClaimsAccountWhateverHeaderQueryOrClaimItAdds() {
        Api victim = new Api(server.getURI());
        long victimGroup = groupOf(victim.post("/api/v1/ingest/crash", EVENT.formatted(UUID.randomUUID()))
                .body());
        String attacker = "t-" + UUID.randomUUID().toString().substring(0, 18);
        Instant soon = Instant.now().plusSeconds(300);
        String path = "/api/v1/crashes?app=" + victim.account;
        for (String token : java.util.List.of(
                Jwts.hs256(FunctionContract.TEST_JWT_KEY, Jwts.claims(attacker, soon)),
                Jwts.hs256(FunctionContract.TEST_JWT_KEY, Jwts.claimingOperator(attacker, soon)))) {
            var answer = victim.send(victim.anonymous(path)
                    .header("Authorization", "Bearer " + token)
                    .header("X-App-Name", victim.account)
                    .GET()
                    .build());
            assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
            assertThat(Api.data(json, answer.body())).isEmpty();
        }
        // the probe: an unsigned token naming the victim's account is no bearer at all
        var unsigned = victim.send(victim.anonymous("/api/v1/crashes")
                .header("Authorization", "Bearer " + Jwts.unsigned(Jwts.claimingOperator(victim.account, soon)))
                .GET()
                .build());
        assertThat(unsigned.statusCode()).isEqualTo(401);
        var own = victim.send(victim.anonymous("/api/v1/crashes")
                .header(
                        "Authorization",
                        "Bearer " + Jwts.hs256(FunctionContract.TEST_JWT_KEY, Jwts.claims(victim.account, soon)))
                .GET()
                .build());
        assertThat(Api.data(json, own.body()))
                .extracting(g -> ((Number) g.get("id")).longValue())
                .containsExactly(victimGroup);
    }

    @Test
    void managementEndpointsNeedABearer() {
        Api anonymous = new Api(server.getURI());
        for (String path : new String[] {
            "/api/v1/crashes", "/api/v1/sessions", "/api/v1/stats", "/api/v1/releases", "/api/v1/projects"
        }) {
            assertThat(anonymous.send(anonymous.anonymous(path).GET().build()).statusCode())
                    .as(path)
                    .isEqualTo(401);
        }
    }

    private long groupOf(String body) {
        return Long.parseLong((String) Api.json(json, body).get("group_id"));
    }
}
