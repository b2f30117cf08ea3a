package org.nself.crash.retention;

import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.json.JsonMapper;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.nself.crash.Api;
import org.nself.shared.jobs.JobLease;
import org.nself.shared.testing.PostgresTest;

@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RetentionJobTest implements PostgresTest {
    @Inject
    EmbeddedServer server;

    @Inject
    JsonMapper json;

    @Inject
    RetentionJob retention;

    @Inject
    JobLease lease;

    @Test
    void sessionsOlderThanTheRetentionGoAndNewerOnesStay() {
        Api api = new Api(server.getURI());
        Instant old = Instant.now().minus(Duration.ofDays(100));
        api.post(
                "/api/v1/ingest/session",
                """
                [{"sid":"%s","init":true,"started":"%s","status":"exited","attrs":{"release":"r@1"}},
                 {"sid":"%s","init":true,"started":"%s","status":"exited","attrs":{"release":"r@1"}}]"""
                        .formatted(UUID.randomUUID(), old, UUID.randomUUID(), Instant.now()));

        retention.run(Instant.now());

        assertThat(Api.json(json, api.get("/api/v1/sessions").body()).get("total"))
                .isEqualTo(1);
    }

    @Test
    void reportsAndAlertsBeforeTheCutoffGo() {
        Api api = new Api(server.getURI());
        api.post("/api/v1/ingest/crash", "{\"event_id\":\"" + UUID.randomUUID() + "\",\"message\":\"old\"}");
        String group = (String) Api.json(
                        json,
                        api.post(
                                        "/api/v1/ingest/crash",
                                        "{\"event_id\":\"" + UUID.randomUUID() + "\",\"message\":\"old\"}")
                                .body())
                .get("group_id");

        assertThat(Api.json(json, api.get("/api/v1/alerts").body()).get("total"))
                .isEqualTo(1); // group.created

        retention.deleteOlderThan(Instant.now().plusSeconds(60));

        assertThat(Api.json(
                                json,
                                api.get("/api/v1/crashes/" + group + "/reports").body())
                        .get("total"))
                .isEqualTo(0);
        assertThat(api.get("/api/v1/crashes/" + group).body()).contains("\"count\":2");
        assertThat(Api.json(json, api.get("/api/v1/alerts").body()).get("total"))
                .isEqualTo(0);
    }

    @Test
    void jobRunRecordsOlderThanAWeekAreForgotten() {
        String job = "test-" + UUID.randomUUID();
        Instant eightDaysAgo = Instant.now().minus(Duration.ofDays(8));
        Instant sixDaysAgo = Instant.now().minus(Duration.ofDays(6));
        lease.runOnce("primary", job, "unit", eightDaysAgo, () -> {});
        lease.runOnce("primary", job, "unit", sixDaysAgo, () -> {});

        retention.run(Instant.now());

        assertThat(lease.runOnce("primary", job, "unit", eightDaysAgo, () -> {}))
                .as("its record is gone")
                .isTrue();
        assertThat(lease.runOnce("primary", job, "unit", sixDaysAgo, () -> {}))
                .as("its record is kept")
                .isFalse();
    }

    @Test
    void jobRunRecordsOlderThanTheRetentionGo() {
        Instant old = Instant.now().minus(Duration.ofDays(100)).truncatedTo(ChronoUnit.HOURS);
        String unit = UUID.randomUUID().toString();
        assertThat(lease.runOnce("primary", "retention-test", unit, old, () -> {}))
                .isTrue();
        assertThat(lease.runOnce("primary", "retention-test", unit, old, () -> {}))
                .isFalse();

        retention.run(Instant.now());

        assertThat(lease.runOnce("primary", "retention-test", unit, old, () -> {}))
                .as("the record of the unit run 100 days ago is gone")
                .isTrue();
    }
}
