package org.nself.anomaly.hostile;

import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.web.router.Router;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.nself.shared.testing.FunctionContract;
import org.nself.shared.testing.PostgresTest;
import org.nself.shared.testing.hostile.FunctionProcess;
import org.nself.shared.testing.hostile.Hostile;
import org.nself.shared.testing.hostile.HostileSuite;

/**
 * anomaly-fn's hostile-input suite ({@link HostileSuite}): its jar as its own process with the heap of
 * its container image; the routes come from anomaly-fn's router. Every route takes the bearer, so the
 * inputs carry it.
 */
@MicronautTest(transactional = false)
class AnomalyHostileInputIT extends HostileSuite implements PostgresTest {
    private static final String ACCOUNT =
            "t-hostile-" + UUID.randomUUID().toString().substring(0, 8);
    private static final int MIB = 1024 * 1024;
    /** anomaly-fn's ingest takes 8 MiB (its README). */
    private static final int INGEST_LIMIT = 8 * MIB;

    @Inject
    Router router;

    private boolean prepared;

    @Override
    protected String module() {
        return "anomaly-fn";
    }

    @Override
    protected void prepare() {
        if (prepared) {
            return; // the detector lives in the database, across restarts
        }
        Hostile.Outcome created = Hostile.send(
                fn,
                "POST",
                "/api/v1/detectors",
                bearer(),
                "{\"id\":\"ordinary\",\"algorithm\":\"zscore\"}".getBytes(StandardCharsets.UTF_8));
        if (!created.success()) {
            throw new AssertionError("cannot create the ordinary detector: " + created);
        }
        prepared = true;
    }

    @Override
    protected Hostile.Outcome ordinaryRequest() {
        return Hostile.send(
                fn,
                "POST",
                "/api/v1/ingest",
                bearer(),
                ("{\"detector_id\":\"ordinary\",\"value\":1.5,\"timestamp\":\"" + Instant.now() + "\"}")
                        .getBytes(StandardCharsets.UTF_8));
    }

    @Test
    @Order(1)
    void gzipBombsToEveryRouteThatTakesABody() {
        Map<String, byte[]> bombs = new LinkedHashMap<>();
        byte[] bomb = Hostile.gzipOfZeros(10L * MIB);
        byte[] large = Hostile.gzipOfZeros(1024L * MIB);
        byte[] nested = Hostile.gzip(large);
        bombs.put("gzip bomb: 10 MiB of zeros in " + bomb.length + " bytes", bomb);
        bombs.put("gzip bomb: 1 GiB of zeros in " + large.length + " bytes", large);
        bombs.put("nested gzip bomb: gzip of 1 GiB of zeros gzipped, " + nested.length + " bytes", nested);
        group("gzip bombs", g -> {
            for (FunctionContract.Route route : bodyRoutes(router)) {
                String path = detectorPath(route);
                bombs.forEach((input, body) -> {
                    Map<String, String> headers = new HashMap<>(bearer());
                    headers.put("Content-Encoding", "gzip");
                    g.input(
                            input,
                            route.toString(),
                            Expect.REFUSED,
                            () -> Hostile.send(fn, route.method().name(), path, headers, body));
                });
            }
            g.inputs(
                    "8 gzip bombs at once, each 1 GiB of zeros in " + large.length + " bytes",
                    "POST /api/v1/ingest",
                    Expect.REFUSED_OR_OVERLOAD,
                    () -> Hostile.concurrently(8, fn, "POST", "/api/v1/ingest", gzipped(), large));
        });
    }

    @Test
    @Order(2)
    void deepJsonToEveryRouteThatTakesABody() {
        byte[] deep = Hostile.deepJson(100_000);
        byte[] deepInField = Hostile.deepJsonInField("points", 100_000);
        byte[] deepParams = ("{\"id\":\"deep\",\"algorithm\":\"ensemble\",\"params\":{\"members\":"
                        + new String(Hostile.deepJson(100_000), StandardCharsets.US_ASCII))
                .getBytes(StandardCharsets.US_ASCII);
        group("deep JSON", g -> {
            for (FunctionContract.Route route : bodyRoutes(router)) {
                String path = detectorPath(route);
                g.input(
                        "100,000 nested [",
                        route.toString(),
                        Expect.REFUSED,
                        () -> Hostile.send(fn, route.method().name(), path, bearer(), deep));
                g.input(
                        "{\"points\": 100,000 nested [",
                        route.toString(),
                        Expect.REFUSED,
                        () -> Hostile.send(fn, route.method().name(), path, bearer(), deepInField));
            }
            g.input(
                    "ensemble members 100,000 nested [",
                    "POST /api/v1/detectors",
                    Expect.REFUSED,
                    () -> Hostile.send(fn, "POST", "/api/v1/detectors", bearer(), deepParams));
        });
    }

    @Test
    @Order(3)
    void hugeArraysWithinTheSizeLimit() {
        String point = "{\"detector_id\":\"ordinary\",\"value\":1,\"timestamp\":\"2026-01-01T00:00:00Z\"}";
        byte[] points = Hostile.arrayWithin("{\"points\":[", point, "]}", INGEST_LIMIT);
        long pointCount = Hostile.elementsWithin("{\"points\":[", point, "]}", INGEST_LIMIT);
        byte[] empty = Hostile.arrayWithin("{\"points\":[", "{}", "]}", INGEST_LIMIT);
        long emptyCount = Hostile.elementsWithin("{\"points\":[", "{}", "]}", INGEST_LIMIT);
        byte[] gzippedEmpty = Hostile.gzip(empty);
        byte[] preview = Hostile.arrayWithin(
                "{\"points\":[", "{\"timestamp\":\"2026-01-01T00:00:00Z\",\"value\":1}", "]}", INGEST_LIMIT);
        long previewCount = Hostile.elementsWithin(
                "{\"points\":[", "{\"timestamp\":\"2026-01-01T00:00:00Z\",\"value\":1}", "]}", INGEST_LIMIT);
        group("huge arrays", g -> {
            g.input(
                    pointCount + " points in 8 MiB",
                    "POST /api/v1/ingest",
                    Expect.REFUSED,
                    () -> Hostile.send(fn, "POST", "/api/v1/ingest", bearer(), points));
            g.input(
                    emptyCount + " empty points in 8 MiB",
                    "POST /api/v1/ingest",
                    Expect.REFUSED,
                    () -> Hostile.send(fn, "POST", "/api/v1/ingest", bearer(), empty));
            g.input(
                    emptyCount + " empty points in 8 MiB, gzipped to " + gzippedEmpty.length + " bytes",
                    "POST /api/v1/ingest",
                    Expect.REFUSED,
                    () -> Hostile.send(fn, "POST", "/api/v1/ingest", gzipped(), gzippedEmpty));
            g.input(
                    previewCount + " given points in 8 MiB",
                    "POST /api/v1/detectors/{id}/preview",
                    Expect.REFUSED,
                    () -> Hostile.send(fn, "POST", "/api/v1/detectors/ordinary/preview", bearer(), preview));
        });
    }

    @Test
    @Order(4)
    void fourHundredConcurrentOneMebibyteIngests() {
        group(
                "400 concurrent 1 MiB ingests",
                g -> g.inputs(
                        "400 ingests at once, each 1,000 points padded with white space to " + MIB + " bytes",
                        "POST /api/v1/ingest",
                        Expect.ACCEPTED_OR_SHED,
                        () -> Hostile.concurrently(
                                400, fn, "POST", "/api/v1/ingest", bearer(), i -> paddedPoints(i, MIB))));
    }

    /** 1,000 valid points for the ordinary detector, and white space up to {@code size} bytes. */
    private static byte[] paddedPoints(int request, int size) {
        StringBuilder sb = new StringBuilder("{\"points\":[");
        Instant start = Instant.parse("2026-01-01T00:00:00Z").plusSeconds(86_400L * request);
        for (int i = 0; i < 1000; i++) {
            sb.append(i == 0 ? "" : ",")
                    .append("{\"detector_id\":\"ordinary\",\"value\":")
                    .append(i % 17)
                    .append(",\"timestamp\":\"")
                    .append(start.plusSeconds(60L * i))
                    .append("\"}");
        }
        sb.append("]");
        sb.append(" ".repeat(size - sb.length() - 1)).append('}');
        return sb.toString().getBytes(StandardCharsets.US_ASCII);
    }

    @Test
    @Order(5)
    void maximalMemoryEnsemble() {
        String atMaximum = ensemble("maximal", 200, 2048, 64, 100_000, 1024, 32, 1 << 20);
        String beyond = ensemble("beyond", 1_000, 100_000, 1_000, 10_000_000, 1 << 20, 1_000, 1 << 30);
        StringBuilder batch = new StringBuilder("{\"points\":[");
        Instant start = Instant.parse("2026-01-01T00:00:00Z");
        for (int i = 0; i < 3000; i++) {
            batch.append(i == 0 ? "" : ",")
                    .append("{\"detector_id\":\"maximal\",\"value\":")
                    .append(Math.sin(i / 10.0) * 100)
                    .append(",\"timestamp\":\"")
                    .append(start.plusSeconds(60L * i))
                    .append("\"}");
        }
        batch.append("]}");
        StringBuilder given = new StringBuilder("{\"points\":[");
        for (int i = 0; i < 50_000; i++) {
            given.append(i == 0 ? "" : ",")
                    .append("{\"timestamp\":\"")
                    .append(start.plusSeconds(60L * i))
                    .append("\",\"value\":")
                    .append(i % 100)
                    .append('}');
        }
        given.append("]}");
        String previewBody =
                atMaximum.replaceFirst("^\\{\"id\":\"maximal\",", "{").replaceFirst("}$", "," + given.substring(1));
        group("maximal-memory ensemble", g -> {
            g.input(
                    "ensemble with every size parameter beyond its maximum",
                    "POST /api/v1/detectors",
                    Expect.REFUSED,
                    () -> Hostile.send(
                            fn, "POST", "/api/v1/detectors", bearer(), beyond.getBytes(StandardCharsets.UTF_8)));
            Hostile.Outcome created = g.input(
                    "ensemble of 5 members with every size parameter at its maximum",
                    "POST /api/v1/detectors",
                    // refused by a memory bound (400), or created because it fits the heap
                    Expect.ACCEPTED_OR_REFUSED,
                    () -> Hostile.send(
                            fn, "POST", "/api/v1/detectors", bearer(), atMaximum.getBytes(StandardCharsets.UTF_8)));
            if (created != null && created.success()) {
                g.input(
                        "3,000 points to that detector",
                        "POST /api/v1/ingest",
                        Expect.ACCEPTED_OR_REFUSED,
                        () -> Hostile.send(
                                fn,
                                "POST",
                                "/api/v1/ingest",
                                bearer(),
                                batch.toString().getBytes(StandardCharsets.UTF_8)));
            }
            g.input(
                    "preview of that ensemble over 50,000 given points",
                    "POST /api/v1/detectors/{id}/preview",
                    Expect.ACCEPTED_OR_REFUSED,
                    () -> Hostile.send(
                            fn,
                            "POST",
                            "/api/v1/detectors/ordinary/preview",
                            bearer(),
                            previewBody.getBytes(StandardCharsets.UTF_8)));
        });
    }

    /**
     * An ensemble of four {@code rcf} members and one {@code context} member with the given sizes, each
     * member's calibration window at {@code window}.
     */
    private static String ensemble(
            String id, int trees, int sample, int shingle, int window, int levels, int orders, int memory) {
        String calibration = "\"calibration_window\":" + window + ",\"calibration_learning\":" + window
                + ",\"calibration_reference\":" + window + ",\"calibration_short_window\":" + Math.min(window, 1000);
        String rcf = "{\"algorithm\":\"rcf\",\"params\":{\"trees\":" + trees + ",\"sample_size\":" + sample
                + ",\"shingle_size\":" + shingle + "," + calibration + "}}";
        String context = "{\"algorithm\":\"context\",\"params\":{\"levels\":" + levels + ",\"orders\":" + orders
                + ",\"memory\":" + memory + "," + calibration + "}}";
        return "{\"id\":\"" + id + "\",\"algorithm\":\"ensemble\",\"params\":{\"members\":[" + rcf + "," + rcf + ","
                + rcf + "," + rcf + "," + context + "]}}";
    }

    private static String detectorPath(FunctionContract.Route route) {
        // a real detector, so that detector routes read the body instead of answering 404 first
        return samplePath(route, "1").replaceAll("/detectors/[0-9a-f-]{36}", "/detectors/ordinary");
    }

    private static Map<String, String> gzipped() {
        Map<String, String> h = new HashMap<>(bearer());
        h.put("Content-Encoding", "gzip");
        return h;
    }

    private static Map<String, String> bearer() {
        return Map.of(
                "Authorization",
                "Bearer " + FunctionProcess.PLUGIN_SECRET,
                "X-App-Name",
                ACCOUNT,
                "Content-Type",
                "application/json");
    }
}
