package org.nself.incident.stats;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.transaction.TransactionOperations;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.nself.incident.Api;
import org.nself.shared.jdbc.Jdbc;
import org.nself.shared.testing.PostgresTest;

@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class StatsApiTest implements PostgresTest {
    private static final Instant T0 = Instant.parse("2025-03-01T00:00:00Z");

    @Inject
    EmbeddedServer server;

    @Inject
    TransactionOperations<Connection> tx;

    @Test
    void responseTimesAreMedianAndMeanOfMilestoneMinusStart() {
        Api api = new Api(server.getURL(), Api.freshAccount());
        // acknowledged after 60, 120, 600 s; mitigated after 300, 900; resolved after 600, 1200, 3000 s
        insert(api.account(), 1, "SEV1", "resolved", 60, 300, 600, 0);
        insert(api.account(), 2, "SEV2", "resolved", 120, 900, 1200, 1);
        insert(api.account(), 3, "SEV2", "closed", 600, null, 3000, 0);
        insert(api.account(), 4, "SEV4", "triggered", null, null, null, 0);
        insert(api.account(), 5, "SEV3", "cancelled", 5, 5, 5, 0);

        JsonNode stats = Api.json(api.get("/api/v1/stats?since=2025-03-01T00:00:00Z&until=2025-04-01T00:00:00Z"));

        assertThat(stats.get("total").asLong()).isEqualTo(5);
        assertThat(stats.get("by_severity").get("SEV2").asLong()).isEqualTo(2);
        assertThat(stats.get("by_severity").get("SEV5").asLong()).isZero();
        assertThat(stats.get("by_status").get("resolved").asLong()).isEqualTo(2);
        assertThat(stats.get("reopened").asLong()).isEqualTo(1);
        assertThat(stats.get("mtta").get("count").asLong()).isEqualTo(3);
        assertThat(stats.get("mtta").get("median_seconds").asDouble()).isEqualTo(120.0);
        assertThat(stats.get("mtta").get("mean_seconds").asDouble()).isEqualTo(260.0);
        assertThat(stats.get("mttm").get("median_seconds").asDouble()).isEqualTo(600.0);
        assertThat(stats.get("mttm").get("mean_seconds").asDouble()).isEqualTo(600.0);
        assertThat(stats.get("mttr").get("median_seconds").asDouble()).isEqualTo(1200.0);
        assertThat(stats.get("mttr").get("mean_seconds").asDouble()).isEqualTo(1600.0);
    }

    @Test
    void anEmptyPeriodHasNoResponseTimes() {
        Api api = new Api(server.getURL(), Api.freshAccount());

        JsonNode stats = Api.json(api.get("/api/v1/stats?period=7d"));

        assertThat(stats.get("total").asLong()).isZero();
        assertThat(stats.get("mttr").get("count").asLong()).isZero();
        assertThat(stats.get("mttr").has("median_seconds")
                        && !stats.get("mttr").get("median_seconds").isNull())
                .isFalse();
    }

    @Test
    void anUnknownPeriodIsRefused() {
        Api api = new Api(server.getURL(), Api.freshAccount());

        assertThat(api.get("/api/v1/stats?period=2y").status()).isEqualTo(400);
        assertThat(api.get("/api/v1/stats?since=nope").status()).isEqualTo(400);
    }

    private void insert(
            String account,
            int number,
            String severity,
            String status,
            Integer ack,
            Integer mitigated,
            Integer resolved,
            int reopens) {
        tx.executeWrite(s -> Jdbc.update(
                s.getConnection(),
                "INSERT INTO np_incidents (source_account_id, id, number, title, severity, status, started_at, detected_at,"
                        + " acknowledged_at, mitigated_at, resolved_at, reopen_count) VALUES (?, ?, ?, 't', ?, ?, ?, ?, ?, ?, ?, ?)",
                account,
                UUID.randomUUID(),
                number,
                severity,
                status,
                T0,
                T0,
                at(ack),
                at(mitigated),
                at(resolved),
                reopens));
    }

    private static Instant at(Integer seconds) {
        return seconds == null ? null : T0.plusSeconds(seconds);
    }
}
