package org.nself.crash.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.micronaut.context.ApplicationContext;
import io.micronaut.json.JsonMapper;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.nself.crash.Api;
import org.nself.shared.lambda.ScheduledJobHandler;
import org.nself.shared.testing.Eventually;
import org.nself.shared.testing.PostgresTest;
import org.nself.shared.testing.TestDatabase;

@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class StatsTest implements PostgresTest {
    @Inject
    EmbeddedServer server;

    @Inject
    JsonMapper json;

    @Inject
    RollupJob rollup;

    @Inject
    ApplicationContext context;

    Api api;
    final Instant started = Instant.now().minus(3, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS);

    @BeforeEach
    void freshAccount() {
        api = new Api(server.getURI());
    }

    String session(String sid, String did, int seq, boolean init, String status, String release) {
        return """
                {"sid":"%s","did":"%s","seq":%d,"init":%s,"started":"%s","status":"%s","attrs":{"release":"%s"}}"""
                .formatted(sid, did, seq, init, started, status, release);
    }

    /** Sends sessions in requests of at most 100. */
    void send(List<String> sessions) {
        for (int i = 0; i < sessions.size(); i += 100) {
            String body = "[" + String.join(",", sessions.subList(i, Math.min(sessions.size(), i + 100))) + "]";
            assertThat(api.post("/api/v1/ingest/session", body).statusCode()).isEqualTo(200);
        }
    }

    Map<String, Object> stats(String query) {
        var response = api.get("/api/v1/stats" + query);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return Api.json(json, response.body());
    }

    /** A connection of the test's own, outside the service's pool, to hold a lock the rollup job will wait for. */
    static java.sql.Connection ownConnection() throws SQLException {
        TestDatabase.Connection db = TestDatabase.get();
        java.sql.Connection c = DriverManager.getConnection(db.jdbcUrl(), db.username(), db.password());
        c.setAutoCommit(false);
        return c;
    }

    static boolean aBackendWaitsOnALockIn(java.sql.Connection c, String statementStart) {
        try (PreparedStatement waiting = c.prepareStatement("SELECT count(*) FROM pg_stat_activity"
                + " WHERE wait_event_type = 'Lock' AND state = 'active' AND query LIKE ?")) {
            waiting.setString(1, statementStart + "%");
            try (ResultSet r = waiting.executeQuery()) {
                r.next();
                return r.getInt(1) > 0;
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void aSessionIngestedWhileItsHourIsRolledUpIsInTheNextRollup() throws Exception {
        send(List.of(session(UUID.randomUUID().toString(), "d-1", 1, true, "exited", "app@1")));
        rollup.run(Instant.now());
        send(List.of(session(UUID.randomUUID().toString(), "d-2", 1, true, "exited", "app@1")));

        CompletableFuture<Integer> running;
        try (java.sql.Connection holder = ownConnection();
                java.sql.Connection watcher = DriverManager.getConnection(
                        TestDatabase.get().jdbcUrl(),
                        TestDatabase.get().username(),
                        TestDatabase.get().password())) {
            // hold the hour's rollup rows: the job reads the hour's sessions, then waits to replace those rows
            try (PreparedStatement lock = holder.prepareStatement("SELECT 1 FROM np_crash_session_rollups"
                    + " WHERE source_account_id = ? AND hour = ? FOR UPDATE")) {
                lock.setString(1, api.account);
                lock.setTimestamp(2, Timestamp.from(started.truncatedTo(ChronoUnit.HOURS)));
                lock.executeQuery().close();
            }
            running = CompletableFuture.supplyAsync(() -> rollup.run(Instant.now()));
            Eventually.await(
                    Duration.ofSeconds(30),
                    () -> aBackendWaitsOnALockIn(watcher, "DELETE FROM np_crash_session_rollups"));

            // a crashed session of that hour arrives meanwhile (after the job read the hour)
            send(List.of(session(UUID.randomUUID().toString(), "d-3", 1, true, "crashed", "app@1")));
            holder.rollback();
        }
        running.get(30, TimeUnit.SECONDS);
        rollup.run(Instant.now());

        assertThat(stats("?period=24h").get("sessions"))
                .isEqualTo(Map.of("started", 3, "healthy", 2, "errored", 0, "crashed", 1, "abnormal", 0));
    }

    @Test
    void oneHundredSessionsWithFiveCrashedAreNinetyFivePercentCrashFree() {
        List<String> sessions = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            sessions.add(session(
                    UUID.randomUUID().toString(), "device-" + i, 1, true, i < 5 ? "crashed" : "exited", "app@1"));
        }
        send(sessions);

        rollup.run(Instant.now());

        Map<String, Object> stats = stats("?period=24h");
        assertThat((Double) stats.get("crash_free_sessions")).isEqualTo(0.95, within(1e-9));
        assertThat((Double) stats.get("crash_free_users")).isEqualTo(0.95, within(1e-9));
        assertThat(stats.get("sessions"))
                .isEqualTo(Map.of("started", 100, "healthy", 95, "errored", 0, "crashed", 5, "abnormal", 0));
        assertThat(stats.get("users")).isEqualTo(Map.of("total", 100, "crashed", 5));
    }

    @Test
    void lateAndRepeatedUpdatesAreCountedExactlyOnce() {
        String late = UUID.randomUUID().toString();
        send(List.of(
                session(late, "d-late", 1, true, "ok", "app@1"),
                session(UUID.randomUUID().toString(), "d-2", 1, true, "exited", "app@1")));
        rollup.run(Instant.now());
        assertThat((Double) stats("?period=24h").get("crash_free_sessions")).isEqualTo(1.0);

        // the crash of an already rolled-up hour arrives late, and is resent
        send(List.of(session(late, "d-late", 2, false, "crashed", "app@1")));
        send(List.of(session(late, "d-late", 2, false, "crashed", "app@1")));
        rollup.run(Instant.now());
        rollup.run(Instant.now());

        Map<String, Object> stats = stats("?period=24h");
        assertThat((Double) stats.get("crash_free_sessions")).isEqualTo(0.5, within(1e-9));
        assertThat(stats.get("sessions"))
                .isEqualTo(Map.of("started", 2, "healthy", 1, "errored", 0, "crashed", 1, "abnormal", 0));
    }

    @Test
    void onlySessionsWhoseInitUpdateArrivedAreStarted() {
        // the third session's init update was lost: its crash counts, it does not count as started
        send(List.of(
                session(UUID.randomUUID().toString(), "a", 1, true, "exited", "app@1"),
                session(UUID.randomUUID().toString(), "b", 1, true, "exited", "app@1"),
                session(UUID.randomUUID().toString(), "c", 2, false, "crashed", "app@1")));

        rollup.run(Instant.now());

        Map<String, Object> stats = stats("?period=24h");
        assertThat((Double) stats.get("crash_free_sessions")).isEqualTo(0.5, within(1e-9));
        assertThat(stats.get("sessions"))
                .isEqualTo(Map.of("started", 2, "healthy", 1, "errored", 0, "crashed", 1, "abnormal", 0));
    }

    @Test
    void abnormalSessionsAreNotCrashesButHaveTheirOwnRate() {
        send(List.of(
                session(UUID.randomUUID().toString(), "a", 1, true, "abnormal", "app@1"),
                session(UUID.randomUUID().toString(), "b", 1, true, "exited", "app@1"),
                session(UUID.randomUUID().toString(), "c", 1, true, "errored", "app@1"),
                session(UUID.randomUUID().toString(), "d", 1, true, "exited", "app@1")));
        rollup.run(Instant.now());

        Map<String, Object> stats = stats("?period=7d");
        assertThat((Double) stats.get("crash_free_sessions")).isEqualTo(1.0);
        assertThat((Double) stats.get("anr_rate")).isEqualTo(0.25, within(1e-9));
        assertThat(stats.get("sessions"))
                .isEqualTo(Map.of("started", 4, "healthy", 2, "errored", 1, "crashed", 0, "abnormal", 1));
        assertThat(stats.get("bucket")).isEqualTo("1d");
    }

    @Test
    void theSeriesHasOneBucketPerHourAndTheSessionsFallInTheirHour() {
        send(List.of(session(UUID.randomUUID().toString(), "a", 1, true, "crashed", "app@1")));
        rollup.run(Instant.now());

        @SuppressWarnings("unchecked")
        List<Map<String, Object>> series =
                (List<Map<String, Object>>) stats("?period=24h").get("series");

        assertThat(series).hasSize(24);
        String hour = started.truncatedTo(ChronoUnit.HOURS).toString();
        assertThat(series)
                .filteredOn(p -> ((String) p.get("start")).startsWith(hour.substring(0, 13)))
                .singleElement()
                .satisfies(p -> assertThat(p.get("crashed")).isEqualTo(1));
    }

    @Test
    void releasesShowCrashFreeRatesAndAdoptionPerRelease() {
        List<String> sessions = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            sessions.add(
                    session(UUID.randomUUID().toString(), "u" + i, 1, true, i == 0 ? "crashed" : "exited", "app@1"));
        }
        for (int i = 0; i < 30; i++) {
            sessions.add(session(UUID.randomUUID().toString(), "v" + i, 1, true, "exited", "app@2"));
        }
        send(sessions);
        rollup.run(Instant.now());

        List<Map<String, Object>> releases =
                Api.data(json, api.get("/api/v1/releases?sort=release").body());

        assertThat(releases).extracting(r -> r.get("release")).containsExactly("app@1", "app@2");
        assertThat((Double) releases.get(0).get("crash_free_sessions")).isEqualTo(0.9, within(1e-9));
        assertThat((Double) releases.get(0).get("crash_free_users")).isEqualTo(0.9, within(1e-9));
        assertThat((Double) releases.get(0).get("adoption")).isEqualTo(0.25, within(1e-9));
        assertThat((Double) releases.get(1).get("crash_free_sessions")).isEqualTo(1.0);
        assertThat((Double) stats("?period=24h&release=app@2").get("crash_free_sessions"))
                .isEqualTo(1.0);
    }

    @Test
    void theLambdaScheduledHandlerRunsTheRollup() {
        send(List.of(
                session(UUID.randomUUID().toString(), "a", 1, true, "crashed", "app@1"),
                session(UUID.randomUUID().toString(), "b", 1, true, "exited", "app@1")));

        Map<String, Object> result = new ScheduledJobHandler(context).execute(Map.of("job", "crash-rollup"));

        assertThat(result).containsKey("ran");
        assertThat((Double) stats("?period=24h").get("crash_free_sessions")).isEqualTo(0.5, within(1e-9));
    }

    @Test
    void crashReportsCountInTheStatsAndTopGroups() {
        String event =
                """
                {"event_id":"%s","platform":"native","level":"fatal","release":"app@1",
                 "exception":{"values":[{"type":"SIGSEGV","value":"x","mechanism":{"type":"signal","handled":false},
                 "stacktrace":{"frames":[{"function":"boom","package":"/bin/app"}]}}]}}""";
        api.post("/api/v1/ingest/crash", event.formatted(UUID.randomUUID()));
        api.post("/api/v1/ingest/crash", event.formatted(UUID.randomUUID()));
        rollup.run(Instant.now());

        Map<String, Object> stats = stats("?period=1h");

        assertThat(stats.get("crashes")).isEqualTo(2);
        assertThat(stats.get("top_groups")).asList().singleElement().satisfies(g -> assertThat(
                        ((Map<?, ?>) g).get("crashes"))
                .isEqualTo(2));
        assertThat(stats.get("crash_free_sessions")).isNull();
    }

    @Test
    void aBadPeriodOrRangeIsA400() {
        assertThat(api.get("/api/v1/stats?period=5y").statusCode()).isEqualTo(400);
        assertThat(api.get("/api/v1/stats?since=yesterday").statusCode()).isEqualTo(400);
        assertThat(api.get("/api/v1/stats?since=2026-01-02T00:00:00Z&until=2026-01-01T00:00:00Z")
                        .statusCode())
                .isEqualTo(400);
        assertThat(api.get("/api/v1/stats?since=2020-01-01T00:00:00Z&until=2026-01-01T00:00:00Z")
                        .statusCode())
                .isEqualTo(400);
    }
}
