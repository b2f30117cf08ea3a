package org.nself.crash.session;

import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.json.JsonMapper;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.nself.crash.Api;
import org.nself.shared.jobs.ScheduledJobs;
import org.nself.shared.testing.PostgresTest;
import org.nself.shared.testing.TestDatabase;

@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SessionIngestTest implements PostgresTest {
    @Inject
    EmbeddedServer server;

    @Inject
    JsonMapper json;

    @Inject
    ScheduledJobs jobs;

    Api api;
    final Instant minute = Instant.now().minus(2, ChronoUnit.HOURS).truncatedTo(ChronoUnit.MINUTES);

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

    @Test
    void aTerminalUpdateWithTheSameSeqAsTheStartEndsTheSession() {
        String sid = UUID.randomUUID().toString();
        api.post("/api/v1/ingest/session", update(sid, 7, true, "ok", 0));

        api.post("/api/v1/ingest/session", update(sid, 7, false, "exited", 0));

        Map<String, Object> session = only();
        assertThat(session.get("status")).isEqualTo("exited");
        assertThat(session.get("init")).isEqualTo(true);
    }

    @Test
    void updatesWithTheSameSeqMergeWhateverOrderTheyArriveIn() {
        String sid = UUID.randomUUID().toString();
        api.post("/api/v1/ingest/session", update(sid, 7, false, "exited", 0));

        api.post("/api/v1/ingest/session", update(sid, 7, true, "ok", 2));

        Map<String, Object> session = only();
        assertThat(session.get("status")).isEqualTo("exited");
        assertThat(session.get("errors")).isEqualTo(2);
        assertThat(session.get("init")).isEqualTo(true);
    }

    @Test
    void amongUpdatesWithTheSameSeqACrashBeatsAnExit() {
        String sid = UUID.randomUUID().toString();
        api.post("/api/v1/ingest/session", update(sid, 7, true, "exited", 0));

        api.post("/api/v1/ingest/session", update(sid, 7, false, "crashed", 0));

        assertThat(only().get("status")).isEqualTo("crashed");
    }

    @Test
    void amongOkUpdatesWithTheSameSeqTheMostErrorsAreKept() {
        String sid = UUID.randomUUID().toString();
        api.post("/api/v1/ingest/session", update(sid, 7, true, "ok", 2));

        api.post("/api/v1/ingest/session", update(sid, 7, false, "ok", 1));

        Map<String, Object> session = only();
        assertThat(session.get("status")).isEqualTo("ok");
        assertThat(session.get("errors")).isEqualTo(2);
    }

    @Test
    void aResentTerminalUpdateWritesNothing() throws SQLException {
        String sid = UUID.randomUUID().toString();
        api.post("/api/v1/ingest/session", update(sid, 7, true, "ok", 0));
        api.post("/api/v1/ingest/session", update(sid, 7, false, "exited", 1));
        long version = rowVersion(sid);

        assertThat(api.post("/api/v1/ingest/session", update(sid, 7, false, "exited", 1))
                        .statusCode())
                .isEqualTo(200);

        assertThat(rowVersion(sid)).isEqualTo(version);
        assertThat(only()).containsEntry("status", "exited").containsEntry("errors", 1);
    }

    /** The row's {@code xmin}: it changes whenever an update writes the row, even with equal values. */
    private long rowVersion(String sid) throws SQLException {
        TestDatabase.Connection db = TestDatabase.get();
        try (java.sql.Connection c = DriverManager.getConnection(db.jdbcUrl(), db.username(), db.password());
                PreparedStatement select = c.prepareStatement("SELECT xmin::text::bigint FROM np_crash_sessions"
                        + " WHERE source_account_id = ? AND sid = ?")) {
            select.setString(1, api.account);
            select.setString(2, sid);
            try (ResultSet r = select.executeQuery()) {
                assertThat(r.next()).isTrue();
                return r.getLong(1);
            }
        }
    }

    String aggregates(int exited, int crashed) {
        return """
                {"aggregates":[{"started":"%s","did":"d-1","exited":%d,"crashed":%d},
                 {"started":"%s","exited":1}],"attrs":{"release":"app@3.0","environment":"production"}}"""
                .formatted(minute, exited, crashed, minute.minusSeconds(60));
    }

    Map<String, Object> sessionStats(Api account) {
        jobs.find("crash-rollup").orElseThrow().run(Instant.now());
        var response = account.get("/api/v1/stats?period=24h");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        @SuppressWarnings("unchecked")
        Map<String, Object> sessions =
                (Map<String, Object>) Api.json(json, response.body()).get("sessions");
        return sessions;
    }

    @Test
    void resentAggregatesCountOnce() {
        assertThat(api.post("/api/v1/ingest/session", aggregates(10, 2)).statusCode())
                .isEqualTo(200);

        assertThat(api.postGzip("/api/v1/ingest/session", aggregates(10, 2)).statusCode())
                .isEqualTo(200);

        assertThat(sessionStats(api)).containsEntry("started", 13).containsEntry("crashed", 2);
    }

    @Test
    void aLaterFlushForTheSameMinuteAddsItsCounts() {
        api.post("/api/v1/ingest/session", aggregates(10, 2));

        api.post("/api/v1/ingest/session", aggregates(4, 0));

        assertThat(sessionStats(api)).containsEntry("started", 18).containsEntry("crashed", 2);
    }

    @Test
    void theSameAggregatesFromTwoAccountsCountInEach() {
        Api other = new Api(server.getURI());
        api.post("/api/v1/ingest/session", aggregates(10, 2));

        other.post("/api/v1/ingest/session", aggregates(10, 2));

        assertThat(sessionStats(api)).containsEntry("started", 13);
        assertThat(sessionStats(other)).containsEntry("started", 13);
    }
}
