package org.nself.anomaly;

import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import org.nself.shared.testing.HostileRequests;
import org.nself.shared.testing.PostgresTest;

/** No input gives nself-anomaly a 500: every route of its router, driven with generated hostile input. */
class HostileInputTest {
    private static final String DETECTOR = "{\"id\":\"d1\",\"name\":\"CPU\",\"source\":{\"type\":\"push\"},"
            + "\"algorithm\":\"zscore\",\"params\":{\"window\":50},\"threshold\":{\"score_threshold\":0.7,"
            + "\"direction\":\"both\",\"min_consecutive\":1,\"of_last\":1,\"min_abs_deviation\":0,"
            + "\"min_rel_deviation\":0,\"cooldown_seconds\":60,\"warmup_points\":10},\"schedule\":null,\"enabled\":true}";
    private static final String ENSEMBLE = "{\"id\":\"d2\",\"algorithm\":\"ensemble\",\"params\":{\"members\":["
            + "{\"algorithm\":\"mad\",\"params\":{\"window\":20}},{\"algorithm\":\"rcf\",\"params\":{\"trees\":10}}]}}";
    private static final String PROMETHEUS = "{\"id\":\"d3\",\"source\":{\"type\":\"prometheus\","
            + "\"url\":\"http://127.0.0.1:1/\",\"query\":\"up\",\"step_seconds\":60,\"timeout_ms\":500},"
            + "\"algorithm\":\"mad\",\"schedule\":\"every 5m\"}";
    private static final String POINTS = "{\"points\":[{\"detector_id\":\"known\",\"value\":1.5,"
            + "\"timestamp\":\"2026-01-01T00:00:00Z\"},{\"detector_id\":\"known\",\"value\":2,"
            + "\"timestamp\":\"2026-01-01T00:01:00Z\"}]}";
    private static final Map<String, List<String>> SEEDS = Map.of(
            "POST /api/v1/detectors", List.of(DETECTOR, ENSEMBLE, PROMETHEUS),
            "PATCH /api/v1/detectors/{id}", List.of(DETECTOR, ENSEMBLE),
            "POST /api/v1/ingest",
                    List.of(
                            POINTS,
                            "{\"detector_id\":\"known\",\"value\":3.25,\"timestamp\":\"2026-01-01T00:02:00Z\"}"),
            "POST /api/v1/detectors/{id}/preview",
                    List.of("{\"algorithm\":\"mad\",\"params\":{\"window\":10},\"threshold\":{\"score_threshold\":0.5},"
                            + "\"points\":[{\"timestamp\":\"2026-01-01T00:00:00Z\",\"value\":1},"
                            + "{\"timestamp\":\"2026-01-01T00:01:00Z\",\"value\":2}],"
                            + "\"since\":\"2026-01-01T00:00:00Z\",\"until\":\"2026-01-02T00:00:00Z\"}"),
            "PATCH /api/v1/anomalies/{id}", List.of("{\"feedback\":\"false_positive\",\"note\":\"n\"}"),
            "POST /api/v1/detectors/{id}/run", List.of("{}"));
    private static final List<String> QUERY_NAMES = List.of("status", "sort", "order", "since", "until");

    private static HostileRequests hostile;

    @BeforeContainer
    static void startTheFunction() {
        hostile = HostileRequests.start(Map.of());
        // one of each resource, so that path variables sometimes name something that exists
        var http = hostile.http();
        var headers = Map.of(
                "Authorization",
                "Bearer " + PostgresTest.PLUGIN_SECRET,
                "X-App-Name",
                HostileRequests.ACCOUNT,
                "Content-Type",
                "application/json");
        http.send("POST", "/api/v1/detectors", headers, "{\"id\":\"known\",\"algorithm\":\"zscore\"}");
        StringBuilder points = new StringBuilder("{\"points\":[");
        for (int i = 0; i < 60; i++) {
            points.append(i == 0 ? "" : ",")
                    .append("{\"detector_id\":\"known\",\"value\":")
                    .append(i == 59 ? 1000 : i % 3)
                    .append(",\"timestamp\":\"2025-01-01T00:")
                    .append(String.format("%02d", i))
                    .append(":00Z\"}");
        }
        http.send("POST", "/api/v1/ingest", headers, points.append("]}").toString());
        String anomalies =
                http.get("/api/v1/anomalies?detector_id=known", headers).body();
        var m = Pattern.compile("\"id\":\"?([^\",]+)").matcher(anomalies);
        hostile.knownPathValues("known", "d1", m.find() ? m.group(1) : "1");
    }

    @AfterContainer
    static void stopTheFunction() {
        hostile.close();
    }

    @Property(tries = 600)
    void noHostileRequestGetsA500WithThePluginSecret(@ForAll("requests") HostileRequests.Request request) {
        hostile.assertAnswered(request, HostileRequests.Caller.PLUGIN_SECRET);
    }

    @Property(tries = 150)
    void noHostileRequestGetsA500WithoutAToken(@ForAll("requests") HostileRequests.Request request) {
        hostile.assertAnswered(request, HostileRequests.Caller.NO_TOKEN);
    }

    @Provide
    Arbitrary<HostileRequests.Request> requests() {
        return hostile.requests(SEEDS, QUERY_NAMES, List.of());
    }
}
