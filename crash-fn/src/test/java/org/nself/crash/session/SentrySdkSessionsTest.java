package org.nself.crash.session;

import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.context.annotation.Property;
import io.micronaut.json.JsonMapper;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.sentry.Sentry;
import io.sentry.SentryEnvelope;
import io.sentry.SentryEnvelopeItem;
import io.sentry.SentryItemType;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.nself.crash.Api;
import org.nself.shared.jobs.ScheduledJobs;
import org.nself.shared.testing.PostgresTest;

/**
 * The real Java SDK, run as an app runs it, with sessions so short that it starts and ends most of them in
 * one millisecond: the end then carries the same {@code seq} as the start, and must still end the session.
 */
@MicronautTest(transactional = false)
// the loop sends about 620 envelopes from one address as fast as the SDK can: the per-address ingest limit
// (500 a second) is not what this test is about, and a 429 would make the SDK drop sessions
@Property(name = "nself.rate-limit.ingest-per-second", value = "0")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SentrySdkSessionsTest implements PostgresTest {
    private static final int SESSIONS = 200;

    @Inject
    EmbeddedServer server;

    @Inject
    JsonMapper json;

    @Inject
    ScheduledJobs jobs;

    /**
     * One session update as the SDK sent it (read from its envelope before sending, not altered); {@code seq}
     * is the update's order: the SDK sends none with a session's start, which is then ordered by its
     * {@code timestamp} in milliseconds, as the SDK orders the later updates.
     */
    record Sent(String sid, long seq, boolean init, String status) {}

    @Test
    void twoHundredShortSessionsWithTenCrashesAreNinetyFivePercentCrashFree() throws Exception {
        // given a project and its DSN
        Api api = new Api(server.getURI());
        var created = api.post("/api/v1/projects", "{\"name\":\"short-sessions\"}");
        assertThat(created.statusCode()).isEqualTo(201);
        String dsn = (String) Api.json(json, created.body()).get("dsn");
        List<Sent> sent = new CopyOnWriteArrayList<>();

        // when the SDK runs 200 sessions back to back: 10 crash, 20 capture a handled error, the rest just end
        Sentry.init(options -> {
            options.setDsn(dsn);
            options.setRelease("short-sessions@1.0.0");
            options.setEnvironment("test");
            options.setEnableShutdownHook(false);
            options.setFlushTimeoutMillis(15_000);
            // about 620 envelopes are queued at once; the SDK's default queue (30) would drop most of them
            options.setMaxQueueSize(1_000);
            options.setBeforeEnvelopeCallback((envelope, hint) -> sent.addAll(sessionUpdates(envelope)));
        });
        try {
            for (int i = 0; i < SESSIONS; i++) {
                Sentry.startSession();
                if (i % 20 == 0) {
                    Thread crashing = new Thread(() -> {
                        throw new ArithmeticException("unhandled failure");
                    });
                    crashing.start();
                    crashing.join();
                } else if (i % 10 == 5) {
                    Sentry.captureException(new IllegalStateException("handled failure"));
                }
                Sentry.endSession();
            }
            Sentry.flush(30_000);
        } finally {
            Sentry.close();
        }
        jobs.find("crash-rollup").orElseThrow().run(Instant.now());

        // then the SDK did end sessions with the seq they started with (the case a strict "seq >" drops)
        Map<String, List<Sent>> bySession = sent.stream().collect(Collectors.groupingBy(Sent::sid));
        assertThat(bySession).hasSize(SESSIONS);
        long endedInTheirFirstMillisecond = bySession.values().stream()
                .filter(updates -> updates.stream()
                        .anyMatch(end -> !end.init()
                                && !"ok".equals(end.status())
                                && updates.stream().anyMatch(start -> start.init() && start.seq() == end.seq())))
                .count();
        assertThat(endedInTheirFirstMillisecond).isPositive();

        // and every session ended as the app ended it
        List<Map<String, Object>> sessions = sessions(api);
        assertThat(sessions).hasSize(SESSIONS);
        assertThat(sessions.stream().collect(Collectors.groupingBy(s -> s.get("status"), Collectors.counting())))
                .isEqualTo(Map.of("exited", 190L, "crashed", 10L));
        assertThat(sessions)
                .filteredOn(s -> "exited".equals(s.get("status")) && !Objects.equals(s.get("errors"), 0))
                .hasSize(20);
        assertThat(sessions).allSatisfy(s -> assertThat(s.get("init")).isEqualTo(true));

        // and the rates are Sentry's: 1 − 10 / 200
        var response = api.get("/api/v1/stats?period=24h");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        Map<String, Object> stats = Api.json(json, response.body());
        assertThat(stats.get("sessions"))
                .isEqualTo(Map.of("started", 200, "healthy", 170, "errored", 20, "crashed", 10, "abnormal", 0));
        assertThat(stats.get("crash_free_sessions")).isEqualTo(0.95);
    }

    private List<Sent> sessionUpdates(SentryEnvelope envelope) {
        List<Sent> updates = new ArrayList<>();
        for (SentryEnvelopeItem item : envelope.getItems()) {
            if (item.getHeader().getType() != SentryItemType.Session) {
                continue;
            }
            try {
                Map<String, Object> update = Api.json(json, new String(item.getData(), StandardCharsets.UTF_8));
                updates.add(new Sent(
                        (String) update.get("sid"),
                        update.get("seq") instanceof Number seq
                                ? seq.longValue()
                                : Instant.parse((String) update.get("timestamp"))
                                        .toEpochMilli(),
                        Boolean.TRUE.equals(update.get("init")),
                        (String) update.get("status")));
            } catch (Exception e) {
                throw new IllegalStateException("the SDK sent a session item that is not JSON", e);
            }
        }
        return updates;
    }

    private List<Map<String, Object>> sessions(Api api) {
        var response = api.get("/api/v1/sessions?limit=1000");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return Api.data(json, response.body());
    }
}
