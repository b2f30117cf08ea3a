package org.nself.crash.session;

import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.json.JsonMapper;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.nself.crash.Api;
import org.nself.shared.testing.PostgresTest;

@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SessionIngestTest implements PostgresTest {
    @Inject
    EmbeddedServer server;

    @Inject
    JsonMapper json;

    Api api;

    @BeforeEach
    void freshAccount() {
        api = new Api(server.getURI());
    }

    static String update(String sid, int seq, boolean init, String status, int errors) {
        return """
                {"sid":"%s","did":"device-1","seq":%d,"init":%s,"started":"2026-11-20T10:00:00Z",
                 "timestamp":"2026-11-20T10:05:00Z","duration":300,"status":"%s","errors":%d,
                 "attrs":{"release":"app@2.0","environment":"production"}}"""
                .formatted(sid, seq, init, status, errors);
    }

    private Map<String, Object> only() {
        List<Map<String, Object>> rows =
                Api.data(json, api.get("/api/v1/sessions").body());
        assertThat(rows).hasSize(1);
        return rows.get(0);
    }

    @Test
    void aResentUpdateChangesNothing() {
        String sid = UUID.randomUUID().toString();
        api.post("/api/v1/ingest/session", update(sid, 1, true, "ok", 0));
        api.post("/api/v1/ingest/session", update(sid, 2, false, "ok", 1));

        assertThat(api.post("/api/v1/ingest/session", update(sid, 2, false, "ok", 1))
                        .statusCode())
                .isEqualTo(200);

        Map<String, Object> session = only();
        assertThat(session.get("seq")).isEqualTo(2);
        assertThat(session.get("errors")).isEqualTo(1);
        assertThat(session.get("init")).isEqualTo(true);
    }

    @Test
    void anOlderUpdateArrivingLateIsIgnored() {
        String sid = UUID.randomUUID().toString();
        api.post("/api/v1/ingest/session", update(sid, 5, true, "exited", 0));

        api.post("/api/v1/ingest/session", update(sid, 3, false, "ok", 0));

        assertThat(only().get("status")).isEqualTo("exited");
    }

    @Test
    void aTerminalStatusIsFinal() {
        String sid = UUID.randomUUID().toString();
        api.post("/api/v1/ingest/session", update(sid, 1, true, "crashed", 1));

        api.post("/api/v1/ingest/session", update(sid, 9, false, "exited", 0));

        assertThat(only().get("status")).isEqualTo("crashed");
    }

    @Test
    void anInitThatArrivesAfterItsSessionEndedIsStillRemembered() {
        String sid = UUID.randomUUID().toString();
        api.post("/api/v1/ingest/session", update(sid, 2, false, "exited", 0));

        api.post("/api/v1/ingest/session", update(sid, 1, true, "ok", 0));

        Map<String, Object> session = only();
        assertThat(session.get("init")).isEqualTo(true);
        assertThat(session.get("status")).isEqualTo("exited");
    }

    @Test
    void theDeviceIdIsStoredHashedAndStillFilters() {
        api.post("/api/v1/ingest/session", update(UUID.randomUUID().toString(), 1, true, "ok", 0));

        String body = api.get("/api/v1/sessions?did=device-1").body();

        assertThat(body).doesNotContain("device-1").contains("\"did_hash\":\"");
        assertThat(Api.data(json, body)).hasSize(1);
        assertThat(Api.data(json, api.get("/api/v1/sessions?did=device-2").body()))
                .isEmpty();
    }

    @Test
    void anArrayOfUpdatesAndAggregatesAreAccepted() {
        String batch = "[" + update(UUID.randomUUID().toString(), 1, true, "ok", 0) + ","
                + update(UUID.randomUUID().toString(), 1, true, "exited", 0) + "]";
        String aggregates =
                """
                {"aggregates":[{"started":"2026-11-20T10:00:00Z","exited":10,"crashed":1}],"attrs":{"release":"app@2.0"}}""";

        assertThat(api.post("/api/v1/ingest/session", batch).body()).isEqualTo("{\"accepted\":2}");
        assertThat(api.post("/api/v1/ingest/session", aggregates).body()).isEqualTo("{\"accepted\":1}");
    }

    @Test
    void moreThanOneHundredSessionsAreRefused() {
        String batch = IntStream.range(0, 101)
                .mapToObj(i -> update(UUID.randomUUID().toString(), 1, true, "ok", 0))
                .collect(Collectors.joining(",", "[", "]"));

        assertThat(api.post("/api/v1/ingest/session", batch).statusCode()).isEqualTo(400);
    }

    @Test
    void badFieldsAreRefusedWithDetails() {
        var response = api.post(
                "/api/v1/ingest/session",
                """
                {"sid":"s 1","seq":-1,"status":"sleeping","errors":"two","attrs":{}}""");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body())
                .contains("\"field\":\"sid\"")
                .contains("\"field\":\"started\"")
                .contains("\"field\":\"seq\"")
                .contains("\"field\":\"status\"")
                .contains("\"field\":\"errors\"")
                .contains("\"field\":\"attrs.release\"");
    }

    @Test
    void sessionsFilterByStatusReleaseAndTime() {
        api.post("/api/v1/ingest/session", update(UUID.randomUUID().toString(), 1, true, "crashed", 1));
        api.post("/api/v1/ingest/session", update(UUID.randomUUID().toString(), 1, true, "exited", 0));

        assertThat(Api.data(json, api.get("/api/v1/sessions?status=crashed").body()))
                .hasSize(1);
        assertThat(Api.data(json, api.get("/api/v1/sessions?release=app@2.0").body()))
                .hasSize(2);
        assertThat(Api.data(
                        json,
                        api.get("/api/v1/sessions?since=2026-11-21T00:00:00Z").body()))
                .isEmpty();
        assertThat(api.get("/api/v1/sessions?status=asleep").statusCode()).isEqualTo(400);
    }
}
