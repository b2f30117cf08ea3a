package org.nself.anomaly.source;

import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.core.type.Argument;
import io.micronaut.json.JsonMapper;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.transaction.TransactionOperations;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.nself.shared.jdbc.Jdbc;
import org.nself.shared.testing.PostgresTest;
import org.nself.shared.testing.TestHttp;

/**
 * A prometheus detector whose query answers several series, against Debian's real {@code prometheus}
 * holding series backfilled with its own {@code promtool tsdb create-blocks-from openmetrics}:
 * {@code demo_load} for hosts a (about 10), b (about 100) and c (about 1000, one spike to 5000), one
 * minute apart over the last two hours; {@code demo_fine{host="r"}} one second apart into the next
 * minute. Runs with {@code -Dpeers}; fails when the binaries are missing.
 */
@Tag("peer")
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PrometheusEntitiesTest implements PostgresTest {
    static final String PARAMS = "\"algorithm\":\"zscore\",\"params\":{\"window\":30,\"calibration_learning\":20,"
            + "\"calibration_window\":50},\"threshold\":{\"min_rel_deviation\":0.5}";

    @Inject
    EmbeddedServer server;

    @Inject
    JsonMapper json;

    @Inject
    TransactionOperations<Connection> transactions;

    LocalPrometheus prometheus;
    int port;
    Instant spike;

    @Override
    public Map<String, String> extraProperties() {
        return Map.of("nself.outbound.allow", "127.0.0.1/32");
    }

    @BeforeAll
    void startPrometheusWithBackfilledSeries() throws Exception {
        Path promtool = Path.of("/usr/bin/promtool");
        assertThat(promtool).as("promtool, shipped with Debian's prometheus").exists();
        port = LocalPrometheus.freePort();
        Path dir = Files.createTempDirectory("prom-entities");
        long now = Instant.now().getEpochSecond();
        long first = now - 120 * 60;
        long spikeAt = now - 15 * 60;
        spike = Instant.ofEpochSecond(spikeAt);
        StringBuilder om = new StringBuilder("# HELP demo_load a load\n# TYPE demo_load gauge\n");
        java.util.Random random = new java.util.Random(7);
        for (String host : List.of("a", "b", "c")) {
            double level = host.equals("a") ? 10 : host.equals("b") ? 100 : 1000;
            for (long t = first; t <= now - 60; t += 60) {
                double v = t == spikeAt && host.equals("c") ? 5 * level : level * (1 + 0.02 * random.nextGaussian());
                om.append("demo_load{host=\"")
                        .append(host)
                        .append("\"} ")
                        .append(v)
                        .append(' ')
                        .append(t)
                        .append('\n');
            }
        }
        om.append("# HELP demo_fine a finer series\n# TYPE demo_fine gauge\n");
        for (long t = now - 120; t <= now + 60; t++) {
            om.append("demo_fine{host=\"r\"} ")
                    .append(50 * (1 + 0.05 * random.nextGaussian()))
                    .append(' ')
                    .append(t)
                    .append('\n');
        }
        om.append("# EOF\n");
        Files.writeString(dir.resolve("series.om"), om);
        Process backfill = new ProcessBuilder(
                        promtool.toString(),
                        "tsdb",
                        "create-blocks-from",
                        "openmetrics",
                        dir.resolve("series.om").toString(),
                        dir.resolve("data").toString())
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("backfill.log").toFile())
                .start();
        assertThat(backfill.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(backfill.exitValue())
                .as(() -> readQuietly(dir.resolve("backfill.log")))
                .isZero();
        prometheus = LocalPrometheus.start(dir, port, "global:\n  scrape_interval: 1m\nscrape_configs: []\n");
        prometheus.await(
                "count(demo_load)",
                r -> r.contains("\"value\":[") && r.contains(",\"3\"]"),
                "did not load the backfilled series");
    }

    @AfterAll
    void stopPrometheus() {
        if (prometheus != null) {
            prometheus.close();
        }
    }

    static String account() {
        return "t-" + UUID.randomUUID().toString().substring(0, 8);
    }

    TestHttp http() {
        return new TestHttp(server.getURL());
    }

    Map<String, Object> read(TestHttp.Response r) {
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        try {
            return json.readValue(r.body(), Argument.mapOf(String.class, Object.class));
        } catch (IOException e) {
            throw new IllegalStateException(r.body(), e);
        }
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> data(Map<String, Object> page) {
        return (List<Map<String, Object>>) page.get("data");
    }

    void create(String account, String id, String query, int step, String extra) {
        var created = http().send(
                        "POST",
                        "/api/v1/detectors",
                        TestHttp.asAccount(account),
                        ("{\"id\":\"%s\",%s,\"schedule\":\"1h\",\"source\":{\"type\":\"prometheus\","
                                        + "\"url\":\"http://127.0.0.1:%d\",\"query\":\"%s\",\"step_seconds\":%d%s}}")
                                .formatted(id, PARAMS, port, query, step, extra));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
    }

    Map<String, Object> run(String account, String id) {
        return read(http().send("POST", "/api/v1/detectors/" + id + "/run", TestHttp.asAccount(account), ""));
    }

    @Test
    void eachSeriesIsScoredWithItsOwnModelAndTheSpikeLandsOnItsEntity() {
        String a = account();
        create(a, "load", "demo_load", 60, "");
        Map<String, Object> run = run(a, "load");
        assertThat(run).containsEntry("entities", 3).containsEntry("entities_skipped", 0);
        assertThat((int) run.get("scored")).isGreaterThanOrEqualTo(3 * 55);

        List<Map<String, Object>> anomalies = data(read(http().get("/api/v1/anomalies", TestHttp.asAccount(a))));
        // one model for all three would see b and c far off a's level; each its own sees only c's spike
        assertThat(anomalies).isNotEmpty();
        assertThat(anomalies)
                .allSatisfy(e -> assertThat(e.get("entity")).isEqualTo(Map.of("__name__", "demo_load", "host", "c")));
        // the range query's steps fall within the minute after the spike's sample
        assertThat(anomalies).anySatisfy(e -> {
            assertThat(e.get("peak_value")).isEqualTo(5000.0);
            assertThat(Instant.parse((String) e.get("started_at"))).isBetween(spike, spike.plusSeconds(59));
        });

        Map<String, Object> onC = read(http().get("/api/v1/anomalies?entity=host:c", TestHttp.asAccount(a)));
        assertThat(onC.get("total")).isEqualTo(anomalies.size());
        assertThat(read(http().get("/api/v1/anomalies?entity=host:a", TestHttp.asAccount(a)))
                        .get("total"))
                .isEqualTo(0);
        assertThat(read(http().get("/api/v1/anomalies?entity=host:c&entity=__name__:demo_load", TestHttp.asAccount(a)))
                        .get("total"))
                .isEqualTo(anomalies.size());
        assertThat(read(http().get("/api/v1/anomalies?entity=host:c&entity=job:other", TestHttp.asAccount(a)))
                        .get("total"))
                .isEqualTo(0);
        // the detail's context is the points of the anomaly's own series
        Map<String, Object> detail =
                read(http().get("/api/v1/anomalies/" + anomalies.get(0).get("id"), TestHttp.asAccount(a)));
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> context =
                (List<Map<String, Object>>) ((Map<String, Object>) detail.get("context")).get("points");
        assertThat(context).isNotEmpty().allSatisfy(p -> assertThat((double) p.get("value"))
                .isGreaterThan(500));
    }

    @Test
    void thePointsOfOneSeriesAreListedByItsLabels() {
        String a = account();
        create(a, "by-host", "demo_load", 60, "");
        Map<String, Object> run = run(a, "by-host");
        Map<String, Object> all = read(http().get("/api/v1/detectors/by-host/points?limit=500", TestHttp.asAccount(a)));
        assertThat(all.get("total")).isEqualTo(run.get("scored"));
        Map<String, Object> onA =
                read(http().get("/api/v1/detectors/by-host/points?entity=host:a&limit=500", TestHttp.asAccount(a)));
        assertThat((int) onA.get("total")).isEqualTo((int) run.get("scored") / 3);
        assertThat(data(onA))
                .allSatisfy(p -> assertThat(p.get("entity")).isEqualTo(Map.of("__name__", "demo_load", "host", "a")))
                .allSatisfy(p -> assertThat((double) p.get("value")).isBetween(5.0, 15.0));
        var bad = http().get("/api/v1/detectors/by-host/points?entity=host", TestHttp.asAccount(a));
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.body()).contains("\"field\":\"entity\"");
    }

    @Test
    void aPreviewOverStoredPointsReplaysTheSeriesItNames() {
        String a = account();
        create(a, "replayed", "demo_load", 60, "");
        int scored = (int) run(a, "replayed").get("scored");
        Map<String, Object> onC = read(http().send(
                        "POST",
                        "/api/v1/detectors/replayed/preview",
                        TestHttp.asAccount(a),
                        "{\"entity\":{\"__name__\":\"demo_load\",\"host\":\"c\"}}"));
        assertThat(onC).containsEntry("points_from", "stored").containsEntry("points_scored", scored / 3);
        assertThat((List<?>) onC.get("anomalies")).isNotEmpty();
        Map<String, Object> onA = read(http().send(
                        "POST",
                        "/api/v1/detectors/replayed/preview",
                        TestHttp.asAccount(a),
                        "{\"entity\":{\"__name__\":\"demo_load\",\"host\":\"a\"}}"));
        assertThat(onA).containsEntry("points_scored", scored / 3);
        // (an empty list is left out of the answer)
        assertThat((List<?>) onA.getOrDefault("anomalies", List.of())).isEmpty();
        // without an entity, the default series: none here
        Map<String, Object> none =
                read(http().send("POST", "/api/v1/detectors/replayed/preview", TestHttp.asAccount(a), "{}"));
        assertThat(none).containsEntry("points_scored", 0);
    }

    @Test
    void seriesBeyondMaxEntitiesAreSkippedAndNamed() {
        String a = account();
        create(a, "capped", "demo_load", 60, ",\"max_entities\":2");
        Map<String, Object> run = run(a, "capped");
        assertThat(run).containsEntry("entities", 2).containsEntry("entities_skipped", 1);
        assertThat(run.get("skipped_entities")).isEqualTo(List.of("__name__=\"demo_load\",host=\"c\""));
        assertThat(read(http().get("/api/v1/detectors/capped/points?entity=host:c", TestHttp.asAccount(a)))
                        .get("total"))
                .isEqualTo(0);
        var tooMany = http().send(
                        "PATCH",
                        "/api/v1/detectors/capped",
                        TestHttp.asAccount(a),
                        "{\"source\":{\"type\":\"prometheus\",\"url\":\"http://127.0.0.1:" + port
                                + "\",\"query\":\"demo_load\",\"max_entities\":1001}}");
        assertThat(tooMany.status()).isEqualTo(400);
        assertThat(tooMany.body()).contains("source.max_entities");
    }

    @Test
    void anotherAccountSeesNoneOfASeriesDetector() {
        String a = account();
        String other = account();
        create(a, "mine", "demo_load", 60, "");
        run(a, "mine");
        assertThat(read(http().get("/api/v1/anomalies?entity=host:c", TestHttp.asAccount(a)))
                        .get("total"))
                .isNotEqualTo(0);
        assertThat(read(http().get("/api/v1/anomalies?entity=host:c", TestHttp.asAccount(other)))
                        .get("total"))
                .isEqualTo(0);
        assertThat(http().get("/api/v1/detectors/mine/points?entity=host:c", TestHttp.asAccount(other))
                        .status())
                .isEqualTo(404);
        // the same detector id in the other account starts its own series
        create(other, "mine", "demo_load", 60, ",\"max_entities\":1");
        assertThat(run(other, "mine")).containsEntry("entities", 1);
        assertThat(read(http().get("/api/v1/detectors/mine/points?entity=host:c", TestHttp.asAccount(a)))
                        .get("total"))
                .isNotEqualTo(0);
    }

    @Test
    void aRestoredSeriesModelScoresAsAnUninterruptedOne() throws Exception {
        String a = account();
        create(a, "fine", "demo_fine", 1, "");
        Map<String, Object> first = run(a, "fine");
        assertThat((int) first.get("scored")).isGreaterThan(50);
        Thread.sleep(3_000);
        // the second run restores the series' model from its row and scores the points after its watermark
        Map<String, Object> second = run(a, "fine");
        assertThat((int) second.get("scored")).isPositive();
        List<Map<String, Object>> pulled =
                data(read(http().get("/api/v1/detectors/fine/points?entity=host:r&limit=1000", TestHttp.asAccount(a))));
        assertThat(pulled).hasSize((int) first.get("scored") + (int) second.get("scored"));

        // the same points in one batch into a push detector so configured: the same scores, bit for bit
        var push = http().send("POST", "/api/v1/detectors", TestHttp.asAccount(a), "{\"id\":\"whole\"," + PARAMS + "}");
        assertThat(push.status()).as(push.body()).isEqualTo(201);
        List<String> points = new ArrayList<>();
        for (Map<String, Object> p : pulled) {
            points.add("{\"detector_id\":\"whole\",\"timestamp\":\"" + p.get("timestamp") + "\",\"value\":"
                    + p.get("value") + "}");
        }
        var ingested = http().send(
                        "POST",
                        "/api/v1/ingest",
                        TestHttp.asAccount(a),
                        "{\"points\":[" + String.join(",", points) + "]}");
        assertThat(ingested.status()).as(ingested.body()).isEqualTo(200);
        List<Map<String, Object>> whole =
                data(read(http().get("/api/v1/detectors/whole/points?limit=1000", TestHttp.asAccount(a))));
        assertThat(whole).hasSameSizeAs(pulled);
        for (int i = 0; i < whole.size(); i++) {
            for (String field : List.of("timestamp", "value", "score", "expected", "lower", "upper", "is_anomaly")) {
                assertThat(pulled.get(i).get(field))
                        .as(i + " " + field)
                        .isEqualTo(whole.get(i).get(field));
            }
        }
    }

    /** Each series' stored model (state) and points learned, by key. */
    Map<String, Object[]> models(String account, String detector) {
        Map<String, Object[]> out = new HashMap<>();
        transactions.executeRead(s -> Jdbc.query(
                s.getConnection(),
                "SELECT entity, state, points_learned FROM np_anomaly_entities"
                        + " WHERE source_account_id = ? AND detector_id = ?",
                r -> out.put(r.getString(1), new Object[] {r.getBytes(2), r.getLong(3)}),
                account,
                detector));
        return out;
    }

    @Test
    void aChangeOfParametersRetrainsEverySeriesFromItsOwnStoredPoints() {
        String a = account();
        create(a, "retrained", "demo_load", 60, "");
        int scored = (int) run(a, "retrained").get("scored");
        Map<String, Object[]> before = models(a, "retrained");
        assertThat(before).hasSize(3);

        var patched = http().send(
                        "PATCH",
                        "/api/v1/detectors/retrained",
                        TestHttp.asAccount(a),
                        "{\"params\":{\"window\":20,\"calibration_learning\":20,\"calibration_window\":50}}");
        assertThat(patched.status()).as(patched.body()).isEqualTo(200);
        assertThat(patched.body()).contains("\"version\":2");
        Map<String, Object[]> after = models(a, "retrained");
        assertThat(after.keySet()).isEqualTo(before.keySet());
        for (String key : after.keySet()) {
            assertThat(after.get(key)[1]).as(key).isEqualTo((long) scored / 3);
            assertThat(Arrays.equals((byte[]) after.get(key)[0], (byte[]) before.get(key)[0]))
                    .as(key)
                    .isFalse();
        }
    }

    private static String readQuietly(Path p) {
        try {
            return Files.readString(p);
        } catch (IOException e) {
            return e.toString();
        }
    }
}
