package org.nself.anomaly.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.nself.shared.jobs.JobLease;
import org.nself.shared.testing.PostgresTest;
import org.nself.shared.testing.TestHttp;

@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PointRetentionJobTest implements PostgresTest {
    @Inject
    EmbeddedServer server;

    @Inject
    PointRetentionJob job;

    @Inject
    JobLease lease;

    @Test
    void pointsOlderThanTheRetentionAreDeletedAndNewerOnesKept() {
        String a = "t-" + UUID.randomUUID().toString().substring(0, 8);
        TestHttp http = new TestHttp(server.getURL());
        http.send("POST", "/api/v1/detectors", TestHttp.asAccount(a), "{\"id\":\"old\"}");
        Instant recent = Instant.now().minusSeconds(3600);
        http.send(
                "POST",
                "/api/v1/ingest",
                TestHttp.asAccount(a),
                "{\"points\":[{\"detector_id\":\"old\",\"value\":1,\"timestamp\":\"2001-01-01T00:00:00Z\"},"
                        + "{\"detector_id\":\"old\",\"value\":2,\"timestamp\":\"" + recent + "\"}]}");
        assertThat(job.run(Instant.now())).isGreaterThanOrEqualTo(1);
        String points =
                http.get("/api/v1/detectors/old/points", TestHttp.asAccount(a)).body();
        assertThat(points).contains("\"total\":1", "\"value\":2.0");
    }

    @Test
    void jobRunRecordsOlderThanAWeekAreForgotten() {
        String other = "test-" + UUID.randomUUID();
        Instant eightDaysAgo = Instant.now().minus(Duration.ofDays(8));
        Instant sixDaysAgo = Instant.now().minus(Duration.ofDays(6));
        lease.runOnce("primary", other, "unit", eightDaysAgo, () -> {});
        lease.runOnce("primary", other, "unit", sixDaysAgo, () -> {});

        // a tick of its own, so this hour's unit is left to the other test
        job.run(Instant.now().minus(Duration.ofDays(2)).truncatedTo(ChronoUnit.SECONDS));

        assertThat(lease.runOnce("primary", other, "unit", eightDaysAgo, () -> {}))
                .as("its record is gone")
                .isTrue();
        assertThat(lease.runOnce("primary", other, "unit", sixDaysAgo, () -> {}))
                .as("its record is kept")
                .isFalse();
    }
}
