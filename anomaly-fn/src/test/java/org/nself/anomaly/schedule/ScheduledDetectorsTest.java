package org.nself.anomaly.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.nself.shared.jobs.ScheduledJobs;
import org.nself.shared.lambda.ScheduledJobHandler;
import org.nself.shared.testing.PostgresTest;
import org.nself.shared.testing.TestHttp;

@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ScheduledDetectorsTest implements PostgresTest {
    @Inject
    EmbeddedServer server;

    @Inject
    ApplicationContext context;

    HttpServer source;
    final Map<String, AtomicInteger> hits = new ConcurrentHashMap<>();
    final Map<String, Integer> failWith = new ConcurrentHashMap<>();
    final AtomicInteger value = new AtomicInteger(10);

    @Override
    public Map<String, String> extraProperties() {
        return Map.of("nself.outbound.allow", "127.0.0.1/32");
    }

    @BeforeAll
    void startSource() throws IOException {
        source = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        source.createContext("/", exchange -> {
            String path = exchange.getRequestURI().getPath();
            hits.computeIfAbsent(path, k -> new AtomicInteger()).incrementAndGet();
            if (path.startsWith("/slow")) {
                try {
                    Thread.sleep(1500);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            int status = failWith.getOrDefault(path, 200);
            byte[] body = ("{\"data\":{\"value\":" + value.incrementAndGet() + "}}").getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        source.start();
    }

    @AfterAll
    void stopSource() {
        source.stop(0);
    }

    TestHttp http() {
        return new TestHttp(server.getURL());
    }

    static String account() {
        return "t-" + UUID.randomUUID().toString().substring(0, 8);
    }

    String url(String path) {
        return "http://127.0.0.1:" + source.getAddress().getPort() + path;
    }

    void createHttpJson(String account, String id, String path, int timeoutMs) {
        var r = http().send(
                        "POST",
                        "/api/v1/detectors",
                        TestHttp.asAccount(account),
                        ("{\"id\":\"%s\",\"algorithm\":\"zscore\","
                                        + "\"schedule\":\"1m\",\"source\":{\"type\":\"http_json\",\"url\":\"%s\",\"value_path\":\"data.value\",\"timeout_ms\":%d}}")
                                .formatted(id, url(path), timeoutMs));
        assertThat(r.status()).as(r.body()).isEqualTo(201);
    }

    @Test
    void runNowPullsAnHttpJsonSourceScoresAndAdvancesTheWatermark() {
        String a = account();
        String path = "/run-now/" + a;
        createHttpJson(a, "queue-depth", path, 5000);
        var run = http().send("POST", "/api/v1/detectors/queue-depth/run", TestHttp.asAccount(a), "");
        assertThat(run.status()).as(run.body()).isEqualTo(200);
        assertThat(run.body()).contains("\"fetched\":1", "\"scored\":1", "\"status\":\"learning\"");
        assertThat(http().get("/api/v1/detectors/queue-depth/points", TestHttp.asAccount(a))
                        .body())
                .contains("\"total\":1");
        assertThat(http().get("/api/v1/detectors/queue-depth", TestHttp.asAccount(a))
                        .body())
                .contains("\"watermark\":\"");
    }

    @Test
    void runNowOnAPushDetectorIsAConflict() {
        String a = account();
        http().send("POST", "/api/v1/detectors", TestHttp.asAccount(a), "{\"id\":\"pushed\"}");
        assertThat(http().send("POST", "/api/v1/detectors/pushed/run", TestHttp.asAccount(a), "")
                        .status())
                .isEqualTo(409);
        assertThat(http().send("POST", "/api/v1/detectors/absent/run", TestHttp.asAccount(a), "")
                        .status())
                .isEqualTo(404);
    }

    @Test
    void aScheduledSourceNeedsAScheduleAndAPublicAddressUnlessAllowed() {
        String a = account();
        var noSchedule = http().send(
                        "POST",
                        "/api/v1/detectors",
                        TestHttp.asAccount(a),
                        "{\"id\":\"x\",\"source\":{\"type\":\"http_json\",\"url\":\"http://example.com\",\"value_path\":\"v\"}}");
        assertThat(noSchedule.status()).isEqualTo(400);
        assertThat(noSchedule.body()).contains("schedule");
        var badSql = http().send(
                        "POST",
                        "/api/v1/detectors",
                        TestHttp.asAccount(a),
                        "{\"id\":\"x\",\"schedule\":\"1m\",\"source\":{\"type\":\"sql\",\"query\":\"DELETE FROM np_anomaly_detectors\"}}");
        assertThat(badSql.status()).isEqualTo(400);
    }

    @Test
    void threeInstancesScoreEachDueDetectorExactlyOncePerTick() throws Exception {
        String a = account();
        List<String> paths = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            String path = "/tick/" + a + "/" + i;
            paths.add(path);
            createHttpJson(a, "d" + i, path, 5000);
        }
        Map<String, Object> props = new HashMap<>(getProperties());
        try (ApplicationContext second = ApplicationContext.run(props, "test");
                ApplicationContext third = ApplicationContext.run(props, "test")) {
            Instant tick = Instant.now().plusSeconds(1);
            List<ApplicationContext> instances = List.of(context, second, third);
            CountDownLatch start = new CountDownLatch(1);
            List<Thread> threads = new ArrayList<>();
            AtomicInteger units = new AtomicInteger();
            for (ApplicationContext instance : instances) {
                Thread t = new Thread(() -> {
                    try {
                        start.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    units.addAndGet(instance.getBean(ScheduledJobs.class)
                            .find(ScheduledDetectorsJob.NAME)
                            .orElseThrow()
                            .run(tick));
                });
                t.start();
                threads.add(t);
            }
            start.countDown();
            for (Thread t : threads) {
                t.join();
            }
            assertThat(paths).allSatisfy(p -> assertThat(hits.get(p)).as(p).hasValue(1));
            assertThat(units.get()).isGreaterThanOrEqualTo(6);
            for (int i = 0; i < 6; i++) {
                assertThat(http().get("/api/v1/detectors/d" + i + "/points", TestHttp.asAccount(a))
                                .body())
                        .contains("\"total\":1");
            }
            // the same tick again finds nothing due for these detectors
            instances
                    .get(1)
                    .getBean(ScheduledJobs.class)
                    .find(ScheduledDetectorsJob.NAME)
                    .orElseThrow()
                    .run(tick);
            assertThat(paths).allSatisfy(p -> assertThat(hits.get(p)).as(p).hasValue(1));
        }
    }

    @Test
    void aFailingSourceMarksTheDetectorInErrorAndTheNextRunRecoversWithoutLosingTheWatermark() {
        String a = account();
        String path = "/flaky/" + a;
        createHttpJson(a, "flaky", path, 5000);
        http().send("POST", "/api/v1/detectors/flaky/run", TestHttp.asAccount(a), "");
        String watermark = http().get("/api/v1/detectors/flaky", TestHttp.asAccount(a))
                .body()
                .replaceAll(".*\"watermark\":\"([^\"]+)\".*", "$1");

        failWith.put(path, 500);
        var failed = http().send("POST", "/api/v1/detectors/flaky/run", TestHttp.asAccount(a), "");
        assertThat(failed.body()).contains("\"status\":\"error\"", "HTTP 500");
        var detector =
                http().get("/api/v1/detectors/flaky", TestHttp.asAccount(a)).body();
        assertThat(detector)
                .contains(
                        "\"status\":\"error\"",
                        "\"status_reason\":\"source answered HTTP 500\"",
                        "\"watermark\":\"" + watermark + "\"");

        failWith.remove(path);
        var recovered = http().send("POST", "/api/v1/detectors/flaky/run", TestHttp.asAccount(a), "");
        assertThat(recovered.body()).contains("\"fetched\":1", "\"scored\":1");
        assertThat(http().get("/api/v1/detectors/flaky", TestHttp.asAccount(a)).body())
                .doesNotContain("\"status\":\"error\"");
        assertThat(http().get("/api/v1/detectors/flaky/points", TestHttp.asAccount(a))
                        .body())
                .contains("\"total\":2");
    }

    @Test
    void aSourceThatTimesOutIsReportedAsSuch() {
        String a = account();
        createHttpJson(a, "slow", "/slow/" + a, 200);
        var run = http().send("POST", "/api/v1/detectors/slow/run", TestHttp.asAccount(a), "");
        assertThat(run.body()).contains("\"status\":\"error\"", "timed out after 200 ms");
    }

    @Test
    void aSqlSourceReadsThisAccountsRowsSinceTheWatermark() {
        String a = account();
        http().send("POST", "/api/v1/detectors", TestHttp.asAccount(a), "{\"id\":\"feeder\"}");
        http().send(
                        "POST",
                        "/api/v1/ingest",
                        TestHttp.asAccount(a),
                        "{\"points\":[{\"detector_id\":\"feeder\",\"value\":1,\"timestamp\":\"2026-01-01T00:00:00Z\"},"
                                + "{\"detector_id\":\"feeder\",\"value\":2,\"timestamp\":\"2026-01-01T00:01:00Z\"}]}");
        var created = http().send(
                        "POST",
                        "/api/v1/detectors",
                        TestHttp.asAccount(a),
                        "{\"id\":\"derived\",\"schedule\":\"1m\",\"source\":{\"type\":\"sql\","
                                + "\"query\":\"SELECT ts, value * 10 FROM np_anomaly_data_points WHERE source_account_id = :account AND detector_id = 'feeder' AND ts > :since ORDER BY ts\"}}");
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        var run = http().send("POST", "/api/v1/detectors/derived/run", TestHttp.asAccount(a), "");
        assertThat(run.body()).as(run.body()).contains("\"fetched\":2", "\"scored\":2");
        var again = http().send("POST", "/api/v1/detectors/derived/run", TestHttp.asAccount(a), "");
        assertThat(again.body()).contains("\"fetched\":0");
        assertThat(http().get("/api/v1/detectors/derived/points", TestHttp.asAccount(a))
                        .body())
                .contains("\"value\":20.0");
    }

    @Test
    void onlyTheOperatorMayWriteASqlSourceAUserOfOneAccountMayNot() {
        String a = account();
        String token = org.nself.shared.testing.Jwts.hs256(
                org.nself.shared.testing.FunctionContract.TEST_JWT_KEY,
                org.nself.shared.testing.Jwts.claims(a, java.time.Instant.now().plusSeconds(300)));
        Map<String, String> asUser = Map.of("Authorization", "Bearer " + token);
        String sqlSource = "\"source\":{\"type\":\"sql\",\"query\":\"SELECT ts, value FROM np_anomaly_data_points"
                + " WHERE source_account_id = :account OR true\"}";

        var refused = http().send(
                        "POST", "/api/v1/detectors", asUser, "{\"id\":\"peek\",\"schedule\":\"1m\"," + sqlSource + "}");
        assertThat(refused.status()).as(refused.body()).isEqualTo(403);
        assertThat(refused.body()).contains("\"code\":\"FORBIDDEN\"", "operator");
        // nor can a JWT that claims to be the operator: only the plugin secret is
        String claimingOperator = org.nself.shared.testing.Jwts.hs256(
                org.nself.shared.testing.FunctionContract.TEST_JWT_KEY,
                org.nself.shared.testing.Jwts.claimingOperator(
                        a, java.time.Instant.now().plusSeconds(300)));
        var stillRefused = http().send(
                        "POST",
                        "/api/v1/detectors",
                        Map.of("Authorization", "Bearer " + claimingOperator),
                        "{\"id\":\"peek\",\"schedule\":\"1m\"," + sqlSource + "}");
        assertThat(stillRefused.status()).as(stillRefused.body()).isEqualTo(403);
        // the user can still create other detectors in their account
        assertThat(http().send("POST", "/api/v1/detectors", asUser, "{\"id\":\"mine\"}")
                        .status())
                .isEqualTo(201);
        var patched = http().send("PATCH", "/api/v1/detectors/mine", asUser, "{\"schedule\":\"1m\"," + sqlSource + "}");
        assertThat(patched.status()).as(patched.body()).isEqualTo(403);
        assertThat(http().get("/api/v1/detectors/peek", TestHttp.asAccount(a)).status())
                .isEqualTo(404);
        // the operator may (the plugin secret already reads every account)
        assertThat(http().send(
                                "POST",
                                "/api/v1/detectors",
                                TestHttp.asAccount(a),
                                "{\"id\":\"peek\",\"schedule\":\"1m\"," + sqlSource + "}")
                        .status())
                .isEqualTo(201);
    }

    @Test
    void theLambdaScheduledHandlerRunsDueDetectors() {
        String a = account();
        String path = "/lambda/" + a;
        createHttpJson(a, "via-lambda", path, 5000);
        Map<String, Object> ran = new ScheduledJobHandler(context).execute(Map.of("job", ScheduledDetectorsJob.NAME));
        assertThat(ran).containsKey("ran");
        assertThat(hits.get(path)).hasValue(1);
        assertThat(http().get("/api/v1/detectors/via-lambda/points", TestHttp.asAccount(a))
                        .body())
                .contains("\"total\":1");
    }
}
