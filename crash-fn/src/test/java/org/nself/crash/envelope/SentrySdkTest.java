package org.nself.crash.envelope;

import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.json.JsonMapper;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.sentry.Sentry;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.nself.crash.Api;
import org.nself.shared.jobs.ScheduledJobs;
import org.nself.shared.testing.PostgresTest;

/** The real Java SDK from Maven Central, configured with a DSN this service issued, reports here. */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SentrySdkTest implements PostgresTest {
    @Inject
    EmbeddedServer server;

    @Inject
    JsonMapper json;

    @Inject
    ScheduledJobs jobs;

    @Test
    void aRealSentrySdkReportsGroupsSessionsAndCrashFreeRates() throws Exception {
        // given a project and its DSN
        Api api = new Api(server.getURI());
        var created = api.post("/api/v1/projects", "{\"name\":\"sdk-app\"}");
        assertThat(created.statusCode()).isEqualTo(201);
        String dsn = (String) Api.json(json, created.body()).get("dsn");

        // when the SDK runs three sessions: healthy, errored (a handled exception), crashed (an unhandled one)
        Sentry.init(options -> {
            options.setDsn(dsn);
            options.setRelease("sdk-app@1.0.0");
            options.setEnvironment("test");
            options.addInAppInclude("org.nself.crash");
            options.setEnableShutdownHook(false);
            options.setFlushTimeoutMillis(15_000);
        });
        try {
            Sentry.startSession();
            Sentry.endSession();

            Sentry.startSession();
            Sentry.captureException(new IllegalStateException("handled failure"));
            Sentry.endSession();

            Sentry.startSession();
            Thread crashing = new Thread(() -> {
                throw new ArithmeticException("unhandled failure");
            });
            crashing.start();
            crashing.join();
            Sentry.endSession();
            Sentry.flush(15_000);
        } finally {
            Sentry.close();
        }
        jobs.find("crash-rollup").orElseThrow().run(Instant.now());

        // then the service shows both groups, the crash, the three sessions and the crash-free rate
        List<Map<String, Object>> groups =
                Api.data(json, api.get("/api/v1/crashes?sort=count").body());
        assertThat(groups)
                .extracting(g -> g.get("exception_type"))
                .containsExactlyInAnyOrder("IllegalStateException", "ArithmeticException");
        Map<String, Object> crash = groups.stream()
                .filter(g -> "ArithmeticException".equals(g.get("exception_type")))
                .findFirst()
                .orElseThrow();
        assertThat(crash.get("crash_count")).isEqualTo(1);
        assertThat(crash.get("platforms")).isEqualTo(List.of("java"));
        assertThat(crash.get("grouped_by")).isEqualTo("stacktrace");

        String reports =
                api.get("/api/v1/crashes/" + crash.get("id") + "/reports").body();
        assertThat(Api.json(json, reports).get("total")).isEqualTo(1);
        assertThat(reports).contains("\"is_crash\":true").contains("\"release\":\"sdk-app@1.0.0\"");

        List<Map<String, Object>> sessions =
                Api.data(json, api.get("/api/v1/sessions").body());
        assertThat(sessions).hasSize(3);
        assertThat(sessions).extracting(s -> s.get("status")).containsExactlyInAnyOrder("exited", "exited", "crashed");
        assertThat(sessions).extracting(s -> s.get("errors")).contains(1);

        Map<String, Object> stats =
                Api.json(json, api.get("/api/v1/stats?period=24h").body());
        assertThat(stats.get("sessions"))
                .isEqualTo(Map.of("started", 3, "healthy", 1, "errored", 1, "crashed", 1, "abnormal", 0));
        assertThat((Double) stats.get("crash_free_sessions"))
                .isEqualTo(1 - 1 / 3.0, org.assertj.core.api.Assertions.within(1e-9));
        assertThat(stats.get("crashes")).isEqualTo(1);
    }
}
