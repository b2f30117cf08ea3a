package org.nself.incident.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.transaction.TransactionOperations;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.nself.incident.Api;
import org.nself.shared.jdbc.Jdbc;
import org.nself.shared.jobs.JobLease;
import org.nself.shared.jobs.ScheduledJob;
import org.nself.shared.testing.PostgresTest;

@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RetentionJobsTest implements PostgresTest {
    @Inject
    EmbeddedServer server;

    @Inject
    @Named("incident-idempotency-retention")
    ScheduledJob job;

    @Inject
    TransactionOperations<Connection> tx;

    @Inject
    JobLease lease;

    @Test
    void anIdempotencyKeyIsForgottenAfterADayAndThenMayBeUsedAgain() {
        Api api = new Api(server.getURL(), Api.freshAccount());
        api.send("POST", "/api/v1/incidents", "{\"title\":\"a\"}", Map.of("Idempotency-Key", "old"));
        api.send("POST", "/api/v1/incidents", "{\"title\":\"b\"}", Map.of("Idempotency-Key", "fresh"));
        tx.executeWrite(s -> Jdbc.update(
                s.getConnection(),
                "UPDATE np_incident_idempotency_keys SET created_at = now() - interval '25 hours'"
                        + " WHERE source_account_id = ? AND idempotency_key = 'old'",
                api.account()));

        job.run(Instant.now());

        assertThat(api.send("POST", "/api/v1/incidents", "{\"title\":\"other\"}", Map.of("Idempotency-Key", "old"))
                        .status())
                .isEqualTo(201);
        assertThat(api.send("POST", "/api/v1/incidents", "{\"title\":\"other\"}", Map.of("Idempotency-Key", "fresh"))
                        .status())
                .isEqualTo(422);
    }

    @Test
    void jobRunRecordsOlderThanAWeekAreForgotten() {
        String other = "test-" + UUID.randomUUID();
        Instant eightDaysAgo = Instant.now().minus(Duration.ofDays(8));
        Instant sixDaysAgo = Instant.now().minus(Duration.ofDays(6));
        lease.runOnce("primary", other, "unit", eightDaysAgo, () -> {});
        lease.runOnce("primary", other, "unit", sixDaysAgo, () -> {});

        job.run(Instant.now());

        assertThat(lease.runOnce("primary", other, "unit", eightDaysAgo, () -> {}))
                .as("its record is gone")
                .isTrue();
        assertThat(lease.runOnce("primary", other, "unit", sixDaysAgo, () -> {}))
                .as("its record is kept")
                .isFalse();
    }
}
