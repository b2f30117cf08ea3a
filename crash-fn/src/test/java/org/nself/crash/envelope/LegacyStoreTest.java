package org.nself.crash.envelope;

import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.json.JsonMapper;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.nself.crash.Api;
import org.nself.shared.testing.PostgresTest;

/** {@code POST /api/{project}/store/}: one event, under its own {@code event_id}, so a resend is the same report. */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LegacyStoreTest implements PostgresTest {
    @Inject
    EmbeddedServer server;

    @Inject
    JsonMapper json;

    SentryProject project;

    @BeforeEach
    void freshProject() {
        project = SentryProject.create(server, json);
    }

    HttpResponse<String> store(String body) {
        return project.post("store", body.getBytes(StandardCharsets.UTF_8), Map.of("Content-Type", "application/json"));
    }

    @Test
    void aResentEventKeepsItsOwnEventIdAndIsStoredOnce() {
        UUID eventId = UUID.randomUUID();
        String body = "{\"event_id\":\"" + eventId + "\",\"level\":\"error\",\"message\":\"sent twice\"}";

        HttpResponse<String> first = store(body);
        HttpResponse<String> resent = store(body);

        String hex = eventId.toString().replace("-", "");
        assertThat(first.statusCode()).as(first.body()).isEqualTo(200);
        assertThat(first.body()).isEqualTo("{\"id\":\"" + hex + "\"}");
        assertThat(resent.statusCode()).isEqualTo(200);
        assertThat(resent.body()).isEqualTo(first.body());
        List<Map<String, Object>> groups = Api.data(
                json, project.api().get("/api/v1/crashes?q=sent%20twice").body());
        assertThat(groups).hasSize(1);
        assertThat(groups.get(0)).containsEntry("count", 1);
        String reports = project.api()
                .get("/api/v1/crashes/" + groups.get(0).get("id") + "/reports")
                .body();
        assertThat(Api.json(json, reports)).containsEntry("total", 1);
        assertThat(Api.data(json, reports).get(0)).containsEntry("id", hex);
    }

    @Test
    void anEventOfExactlyOneMebibyteIsStoredAndOneByteMoreIsA413() {
        HttpResponse<String> atLimit = store(EnvelopeItemsTest.eventOfSize(EnvelopeItemsTest.MIB, "store-limit"));
        HttpResponse<String> overLimit =
                store(EnvelopeItemsTest.eventOfSize(EnvelopeItemsTest.MIB + 1, "store-over-limit"));

        assertThat(atLimit.statusCode()).as(atLimit.body()).isEqualTo(200);
        assertThat(overLimit.statusCode()).isEqualTo(413);
        assertThat(overLimit.body()).contains("PAYLOAD_TOO_LARGE");
        assertThat(project.api().get("/api/v1/crashes?q=store").body()).contains("\"total\":1");
    }
}
