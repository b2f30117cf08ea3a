package org.nself.anomaly.scoring;

import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.nself.shared.testing.PostgresTest;
import org.nself.shared.testing.TestHttp;

@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class IngestApiTest implements PostgresTest {
    static final Instant T0 = Instant.parse("2026-05-01T00:00:00Z");
    static final String ZSCORE =
            "{\"id\":\"%s\",\"algorithm\":\"zscore\",\"params\":{\"calibration_learning\":50,\"calibration_window\":600}%s}";

    @Inject
    EmbeddedServer server;

    @Inject
    ApplicationContext context;

    TestHttp http() {
        return new TestHttp(server.getURL());
    }

    static String account() {
        return "t-" + UUID.randomUUID().toString().substring(0, 8);
    }

    void create(TestHttp http, String account, String id, String extra) {
        var r = http.send("POST", "/api/v1/detectors", TestHttp.asAccount(account), ZSCORE.formatted(id, extra));
        assertThat(r.status()).as(r.body()).isEqualTo(201);
    }

    /** Noise around 50 with an excursion of +30 on points 500..502. */
    static double[] series(int n) {
        Random r = new Random(42);
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = 50 + r.nextGaussian() + (i >= 500 && i <= 502 ? 30 : 0);
        }
        return v;
    }

    static String batch(String detector, double[] v, int from, int to) {
        StringBuilder b = new StringBuilder("{\"points\":[");
        for (int i = from; i < to; i++) {
            if (i > from) {
                b.append(',');
            }
            b.append("{\"detector_id\":\"")
                    .append(detector)
                    .append("\",\"value\":")
                    .append(v[i])
                    .append(",\"timestamp\":\"")
                    .append(T0.plusSeconds(60L * i))
                    .append("\"}");
        }
        return b.append("]}").toString();
    }

    static List<Double> scores(String body) {
        List<Double> out = new ArrayList<>();
        Matcher m = Pattern.compile("\"score\":([0-9.Ee-]+)").matcher(body);
        while (m.find()) {
            out.add(Double.parseDouble(m.group(1)));
        }
        return out;
    }

    @Test
    void aSinglePointAnswersItsScoreExpectedValueAndBand() {
        String a = account();
        create(http(), a, "my-detector", "");
        var r = http().send(
                        "POST",
                        "/api/v1/ingest",
                        TestHttp.asAccount(a),
                        "{\"detector_id\":\"my-detector\",\"value\":142.7,\"timestamp\":\"2026-05-17T10:00:00Z\"}");
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(r.body())
                .contains(
                        "\"accepted\":1",
                        "\"score\":0",
                        "\"expected\":142.7",
                        "\"lower\":",
                        "\"upper\":",
                        "\"timestamp\":\"2026-05-17T10:00:00.000Z\"",
                        "\"is_anomaly\":false");
    }

    @Test
    void consecutiveAnomalousPointsMergeIntoOneAnomalyWithContextAndFeedbackDrivesTheFalsePositiveRate() {
        String a = account();
        create(http(), a, "latency", "");
        var r = http().send("POST", "/api/v1/ingest", TestHttp.asAccount(a), batch("latency", series(600), 0, 600));
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(r.body()).contains("\"accepted\":600");

        var list = http().get("/api/v1/anomalies?detector_id=latency", TestHttp.asAccount(a));
        assertThat(list.body())
                .contains(
                        "\"total\":1",
                        "\"started_at\":\""
                                + T0.plusSeconds(60 * 500).toString().replace("Z", ".000Z"),
                        "\"direction\":\"up\"");
        String id = list.body().replaceAll(".*\"data\":\\[\\{\"id\":\"([0-9a-f-]+)\".*", "$1");

        var detail = http().get("/api/v1/anomalies/" + id, TestHttp.asAccount(a));
        assertThat(detail.status()).isEqualTo(200);
        assertThat(detail.body())
                .contains("\"context\":", "\"algorithm\":\"zscore\"", "\"calibration_learning\":50", "\"points\":[");

        var stats = http().get("/api/v1/stats", TestHttp.asAccount(a));
        assertThat(stats.body()).contains("\"points_scored\":600", "\"anomalies\":1", "\"label_coverage\":0");
        assertThat(stats.body()).doesNotContain("\"false_positive_rate\":1");

        var fb = http().send(
                        "PATCH",
                        "/api/v1/anomalies/" + id,
                        TestHttp.asAccount(a),
                        "{\"feedback\":\"false_positive\",\"note\":\"deploy\"}");
        assertThat(fb.status()).as(fb.body()).isEqualTo(200);
        assertThat(fb.body()).contains("\"feedback\":\"false_positive\"");
        assertThat(http().get("/api/v1/stats", TestHttp.asAccount(a)).body())
                .contains("\"false_positives\":1", "\"false_positive_rate\":1.0", "\"label_coverage\":1.0");
        assertThat(http().get("/api/v1/anomalies?feedback=false_positive", TestHttp.asAccount(a))
                        .body())
                .contains("\"total\":1");
        assertThat(http().get("/api/v1/anomalies?feedback=true_positive", TestHttp.asAccount(a))
                        .body())
                .contains("\"total\":0");

        var bad = http().send("PATCH", "/api/v1/anomalies/" + id, TestHttp.asAccount(a), "{\"feedback\":\"maybe\"}");
        assertThat(bad.status()).isEqualTo(400);
    }

    @Test
    void aNonFiniteValueIs400AndAnUnknownDetectorIs404() {
        String a = account();
        create(http(), a, "d", "");
        var inf =
                http().send("POST", "/api/v1/ingest", TestHttp.asAccount(a), "{\"detector_id\":\"d\",\"value\":1e999}");
        assertThat(inf.status()).isEqualTo(400);
        assertThat(inf.body()).contains("\"code\":\"INVALID_REQUEST\"", "value");
        var nan = http().send(
                        "POST", "/api/v1/ingest", TestHttp.asAccount(a), "{\"detector_id\":\"d\",\"value\":\"NaN\"}");
        assertThat(nan.status()).isEqualTo(400);
        var missing =
                http().send("POST", "/api/v1/ingest", TestHttp.asAccount(a), "{\"detector_id\":\"nope\",\"value\":1}");
        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.body()).contains("\"code\":\"NOT_FOUND\"");
        var badTime = http().send(
                        "POST",
                        "/api/v1/ingest",
                        TestHttp.asAccount(a),
                        "{\"detector_id\":\"d\",\"value\":1,\"timestamp\":\"yesterday\"}");
        assertThat(badTime.status()).isEqualTo(400);
        var notJson = http().send("POST", "/api/v1/ingest", TestHttp.asAccount(a), "[1,2");
        assertThat(notJson.status()).isEqualTo(400);
    }

    @Test
    void moreThanTenThousandPointsIs413() {
        String a = account();
        create(http(), a, "big", "");
        var r = http().send(
                        "POST", "/api/v1/ingest", TestHttp.asAccount(a), batch("big", new double[10_001], 0, 10_001));
        assertThat(r.status()).isEqualTo(413);
        assertThat(r.body()).contains("\"code\":\"PAYLOAD_TOO_LARGE\"");
    }

    @Test
    void aDuplicatePointIsIdempotent() {
        String a = account();
        create(http(), a, "dup", "");
        double[] v = series(100);
        http().send("POST", "/api/v1/ingest", TestHttp.asAccount(a), batch("dup", v, 0, 100));
        var first = http().send("POST", "/api/v1/ingest", TestHttp.asAccount(a), batch("dup", v, 99, 100));
        assertThat(first.body()).contains("\"duplicate\":true", "\"accepted\":0", "\"duplicates\":1");
        assertThat(http().get("/api/v1/stats?detector_id=dup", TestHttp.asAccount(a))
                        .body())
                .contains("\"points_scored\":100");
    }

    @Test
    void aLatePointIsScoredWithoutChangingTheModel() {
        String a = account();
        create(http(), a, "with-late", "");
        create(http(), a, "without", "");
        double[] v = series(400);
        http().send("POST", "/api/v1/ingest", TestHttp.asAccount(a), batch("with-late", v, 0, 200));
        http().send("POST", "/api/v1/ingest", TestHttp.asAccount(a), batch("without", v, 0, 200));
        // a point between two stored ones, far out of range
        var late = http().send(
                        "POST",
                        "/api/v1/ingest",
                        TestHttp.asAccount(a),
                        "{\"detector_id\":\"with-late\",\"value\":9999,\"timestamp\":\"" + T0.plusSeconds(60 * 100 + 30)
                                + "\"}");
        assertThat(late.body()).contains("\"late\":true", "\"late\":1");
        var restWith = http().send("POST", "/api/v1/ingest", TestHttp.asAccount(a), batch("with-late", v, 200, 400));
        var restWithout = http().send("POST", "/api/v1/ingest", TestHttp.asAccount(a), batch("without", v, 200, 400));
        assertThat(scores(restWith.body())).hasSize(200).isEqualTo(scores(restWithout.body()));
    }

    @Test
    void scoresAfterARestartEqualThoseOfOneUninterruptedRun() {
        String a = account();
        create(http(), a, "whole", "");
        create(http(), a, "halves", "");
        restartedScoresEqualUninterruptedOnes(a, 800, 400);
    }

    @Test
    void theDefaultDetectorWithItsForestScoresAfterARestartAsOneUninterruptedRun() {
        // the default ensemble (a forest, a statistic, the context boost), restarted off a forest checkpoint
        // (every 1,000 updates) with checkpoints before and after, well past every warm-up
        String a = account();
        for (String id : List.of("whole", "halves")) {
            var r = http().send("POST", "/api/v1/detectors", TestHttp.asAccount(a), "{\"id\":\"" + id + "\"}");
            assertThat(r.status()).as(r.body()).isEqualTo(201);
            assertThat(r.body()).contains("\"algorithm\":\"ensemble\"");
        }
        List<Double> after = restartedScoresEqualUninterruptedOnes(a, 2600, 1300);
        assertThat(after.stream().filter(x -> x > 0).distinct().count()).isGreaterThan(100);
    }

    /** The scores after the restart, equal to those of one uninterrupted run. */
    private List<Double> restartedScoresEqualUninterruptedOnes(String a, int n, int restart) {
        double[] v = series(n);
        List<Double> whole =
                scores(http().send("POST", "/api/v1/ingest", TestHttp.asAccount(a), batch("whole", v, 0, n))
                        .body());
        List<Double> halves = new ArrayList<>(
                scores(http().send("POST", "/api/v1/ingest", TestHttp.asAccount(a), batch("halves", v, 0, restart))
                        .body()));
        java.util.Map<String, Object> props = new java.util.HashMap<>(getProperties());
        props.put("micronaut.server.port", -1);
        try (EmbeddedServer restarted = ApplicationContext.run(EmbeddedServer.class, props, "test")) {
            halves.addAll(scores(new TestHttp(restarted.getURL())
                    .send("POST", "/api/v1/ingest", TestHttp.asAccount(a), batch("halves", v, restart, n))
                    .body()));
        }
        assertThat(halves).hasSize(n).isEqualTo(whole);
        return halves.subList(restart, n);
    }

    @Test
    void pointsComeBackWithScoresAndBandsAndPreviewFindsTheAnomalyWithoutSavingIt() {
        String a = account();
        create(http(), a, "chart", "");
        http().send("POST", "/api/v1/ingest", TestHttp.asAccount(a), batch("chart", series(600), 0, 600));
        var pts = http().get("/api/v1/detectors/chart/points?limit=10&offset=495", TestHttp.asAccount(a));
        assertThat(pts.status()).isEqualTo(200);
        assertThat(pts.body())
                .contains("\"total\":600", "\"limit\":10", "\"is_anomaly\":true", "\"lower\":", "\"upper\":");

        var preview = http().send(
                        "POST",
                        "/api/v1/detectors/chart/preview",
                        TestHttp.asAccount(a),
                        "{\"threshold\":{\"score_threshold\":0.99}}");
        assertThat(preview.status()).as(preview.body()).isEqualTo(200);
        assertThat(preview.body()).contains("\"points_from\":\"stored\"", "\"points_scored\":600");
        var loose = http().send(
                        "POST",
                        "/api/v1/detectors/chart/preview",
                        TestHttp.asAccount(a),
                        "{\"threshold\":{\"score_threshold\":0.5}}");
        assertThat(loose.body()).contains("\"started_at\":\"2026-05-01T08:20:00.000Z\"");
        assertThat(http().get("/api/v1/detectors/chart", TestHttp.asAccount(a)).body())
                .contains("\"version\":1");

        var given = http().send(
                        "POST",
                        "/api/v1/detectors/chart/preview",
                        TestHttp.asAccount(a),
                        "{\"algorithm\":\"threshold\",\"params\":{\"upper\":10},\"points\":[{\"timestamp\":\"2026-01-01T00:00:00Z\",\"value\":5},"
                                + "{\"timestamp\":\"2026-01-01T00:01:00Z\",\"value\":50}]}");
        assertThat(given.body()).contains("\"points_from\":\"request\"", "\"anomalous_points\":1");
    }

    @Test
    void twoAccountsCannotSeeEachOthersPointsAnomaliesOrStats() {
        String a = account();
        String b = account();
        create(http(), a, "shared-name", "");
        http().send("POST", "/api/v1/ingest", TestHttp.asAccount(a), batch("shared-name", series(600), 0, 600));
        assertThat(http().send(
                                "POST",
                                "/api/v1/ingest",
                                TestHttp.asAccount(b),
                                "{\"detector_id\":\"shared-name\",\"value\":1}")
                        .status())
                .isEqualTo(404);
        assertThat(http().get("/api/v1/anomalies", TestHttp.asAccount(b)).body())
                .contains("\"total\":0");
        String id = http().get("/api/v1/anomalies", TestHttp.asAccount(a))
                .body()
                .replaceAll(".*\"data\":\\[\\{\"id\":\"([0-9a-f-]+)\".*", "$1");
        assertThat(http().get("/api/v1/anomalies/" + id, TestHttp.asAccount(b)).status())
                .isEqualTo(404);
        assertThat(http().send(
                                "PATCH",
                                "/api/v1/anomalies/" + id,
                                TestHttp.asAccount(b),
                                "{\"feedback\":\"true_positive\"}")
                        .status())
                .isEqualTo(404);
        assertThat(http().get("/api/v1/detectors/shared-name/points", TestHttp.asAccount(b))
                        .status())
                .isEqualTo(404);
        assertThat(http().get("/api/v1/stats", TestHttp.asAccount(b)).body()).contains("\"points_scored\":0");
        create(http(), b, "shared-name", "");
        assertThat(http().get("/api/v1/stats", TestHttp.asAccount(b)).body()).contains("\"points_scored\":0");
        assertThat(http().get("/api/v1/stats", TestHttp.asAccount(a)).body()).contains("\"points_scored\":600");
    }
}
