package org.nself.incident.runbook;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.transaction.TransactionOperations;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.nself.incident.Api;
import org.nself.shared.jdbc.Jdbc;
import org.nself.shared.testing.PostgresTest;

@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class StuckStepJobTest implements PostgresTest {
    @Override
    public Map<String, String> extraProperties() {
        // 203.0.113.0/24 (documentation, refused by default) stands for a public target; nothing is sent there
        return Map.of("nself.outbound.allow", "203.0.113.0/24");
    }

    @Inject
    EmbeddedServer server;

    @Inject
    StuckStepJob job;

    @Inject
    TransactionOperations<Connection> tx;

    @Test
    void anHttpStepLeftRunningByADeadInstanceIsFailed() {
        Api api = new Api(server.getURL(), Api.freshAccount());
        String rb = Api.json(api.post(
                        "/api/v1/runbooks",
                        "{\"name\":\"rb\",\"steps\":[{\"id\":\"m\",\"kind\":\"manual\","
                                + "\"name\":\"first\"},{\"id\":\"h\",\"kind\":\"http\",\"name\":\"call\","
                                + "\"url\":\"https://203.0.113.10/x\",\"timeout_ms\":1000,\"retries\":0}]}"))
                .get("id")
                .asText();
        String incident = api.createIncident("{\"title\":\"x\"}").get("id").asText();
        String exec = Api.json(api.post("/api/v1/incidents/" + incident + "/runbooks/" + rb + "/executions", null))
                .get("id")
                .asText();
        tx.executeWrite(s -> Jdbc.update(
                s.getConnection(),
                "UPDATE np_incident_runbook_steps SET state = CASE position WHEN 0 THEN 'completed' ELSE 'running' END,"
                        + " started_at = now() - interval '1 hour' WHERE source_account_id = ? AND execution_id = ?",
                api.account(),
                UUID.fromString(exec)));

        int failed = job.run(Instant.now());

        JsonNode execution = Api.json(api.get("/api/v1/incidents/" + incident + "/runbooks"))
                .get("data")
                .get(0);
        assertThat(failed).isGreaterThanOrEqualTo(1);
        assertThat(execution.get("status").asText()).isEqualTo("failed");
        assertThat(execution.get("steps").get(1).get("state").asText()).isEqualTo("failed");
        assertThat(job.run(Instant.now())).isZero();
    }
}
