package org.nself.incident.hostile;

import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.web.router.Router;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
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
 * incident-fn's hostile-input suite ({@link HostileSuite}): its jar as its own process with the heap of
 * its container image; the routes come from incident-fn's router. Its ingest routes (Alertmanager, the
 * events API) take the bearer, so the inputs carry it: they must be refused for what they are, not for
 * a missing token.
 */
@MicronautTest(transactional = false)
class IncidentHostileInputIT extends HostileSuite implements PostgresTest {
    private static final String ACCOUNT =
            "t-hostile-" + UUID.randomUUID().toString().substring(0, 8);
    private static final int MIB = 1024 * 1024;
    private static final String ALERTMANAGER = "/api/v1/integrations/alertmanager";
    private static final String EVENTS = "/api/v1/integrations/events";

    @Inject
    Router router;

    @Override
    protected String module() {
        return "incident-fn";
    }

    @Override
    protected Hostile.Outcome ordinaryRequest() {
        return Hostile.send(
                fn,
                "POST",
                "/api/v1/incidents",
                bearer(),
                "{\"title\":\"an ordinary incident\",\"severity\":\"SEV3\"}".getBytes(StandardCharsets.UTF_8));
    }

    @Test
    @Order(1)
    void gzipBombsToEveryRouteThatTakesABody() {
        Map<String, byte[]> bombs = new LinkedHashMap<>();
        byte[] bomb = Hostile.gzipOfZeros(10L * MIB);
        byte[] nested = Hostile.gzip(Hostile.gzipOfZeros(1024L * MIB));
        bombs.put("gzip bomb: 10 MiB of zeros in " + bomb.length + " bytes", bomb);
        bombs.put("nested gzip bomb: gzip of 1 GiB of zeros gzipped, " + nested.length + " bytes", nested);
        group("gzip bombs", g -> {
            for (FunctionContract.Route route : bodyRoutes(router)) {
                bombs.forEach((input, body) -> {
                    Map<String, String> headers = new HashMap<>(bearer());
                    headers.put("Content-Encoding", "gzip");
                    String path = samplePath(route, "1");
                    g.input(
                            input,
                            route.toString(),
                            Expect.REFUSED,
                            () -> Hostile.send(fn, route.method().name(), path, headers, body));
                });
            }
        });
    }

    @Test
    @Order(2)
    void deepJsonToEveryRouteThatTakesABody() {
        byte[] deep = Hostile.deepJson(100_000);
        byte[] deepInField = Hostile.deepJsonInField("alerts", 100_000);
        group("deep JSON", g -> {
            for (FunctionContract.Route route : bodyRoutes(router)) {
                String path = samplePath(route, "1");
                g.input(
                        "100,000 nested [",
                        route.toString(),
                        Expect.REFUSED,
                        () -> Hostile.send(fn, route.method().name(), path, bearer(), deep));
                g.input(
                        "{\"alerts\": 100,000 nested [",
                        route.toString(),
                        Expect.REFUSED,
                        () -> Hostile.send(fn, route.method().name(), path, bearer(), deepInField));
            }
        });
    }

    @Test
    @Order(3)
    void hugeArraysWithinTheSizeLimit() {
        String alertsPrefix = "{\"version\":\"4\",\"groupKey\":\"hostile\",\"status\":\"firing\",\"alerts\":[";
        String alert = "{\"status\":\"firing\",\"labels\":{}}";
        byte[] alerts = Hostile.arrayWithin(alertsPrefix, alert, "]}", MIB);
        long alertCount = Hostile.elementsWithin(alertsPrefix, alert, "]}", MIB);
        byte[] emptyAlerts = Hostile.arrayWithin(alertsPrefix, "{}", "]}", MIB);
        long emptyCount = Hostile.elementsWithin(alertsPrefix, "{}", "]}", MIB);
        String eventPrefix = "{\"routing_key\":\"hostile\",\"event_action\":\"trigger\",\"payload\":{\"summary\":\"s\","
                + "\"source\":\"s\",\"severity\":\"critical\",\"custom_details\":{\"list\":[";
        byte[] details = Hostile.arrayWithin(eventPrefix, "0", "]}}}", MIB);
        long detailCount = Hostile.elementsWithin(eventPrefix, "0", "]}}}", MIB);
        byte[] labels =
                Hostile.arrayWithin("{\"title\":\"t\",\"severity\":\"SEV3\",\"labels\":{\"l\":[", "0", "]}}", MIB);
        group("huge arrays", g -> {
            g.input(
                    alertCount + " firing alerts in 1 MiB",
                    "POST " + ALERTMANAGER,
                    Expect.REFUSED,
                    () -> Hostile.send(fn, "POST", ALERTMANAGER, bearer(), alerts));
            g.input(
                    emptyCount + " empty alerts in 1 MiB",
                    "POST " + ALERTMANAGER,
                    Expect.REFUSED,
                    () -> Hostile.send(fn, "POST", ALERTMANAGER, bearer(), emptyAlerts));
            g.input(
                    "custom_details with a " + detailCount + "-element array in 1 MiB",
                    "POST " + EVENTS,
                    // a valid event whose details are within the 1 MiB body: stored, or refused by a bound
                    Expect.ACCEPTED_OR_REFUSED,
                    () -> Hostile.send(fn, "POST", EVENTS, bearer(), details));
            g.input(
                    "labels holding a 1 MiB array",
                    "POST /api/v1/incidents",
                    Expect.REFUSED,
                    () -> Hostile.send(fn, "POST", "/api/v1/incidents", bearer(), labels));
        });
    }

    @Test
    @Order(4)
    void fourHundredConcurrentOneMebibyteAlertmanagerDeliveries() {
        String prefix = "{\"version\":\"4\",\"groupKey\":\"hostile-big\",\"status\":\"firing\",\"commonLabels\":"
                + "{\"alertname\":\"big\"},\"alerts\":[{\"status\":\"firing\",\"labels\":{\"alertname\":\"big\"},"
                + "\"annotations\":{\"description\":\"";
        String suffix = "\"}}]}";
        byte[] big = (prefix + "x".repeat(MIB - prefix.length() - suffix.length()) + suffix)
                .getBytes(StandardCharsets.US_ASCII);
        group(
                "400 concurrent 1 MiB deliveries",
                g -> g.inputs(
                        "400 Alertmanager deliveries of " + big.length + " bytes at once",
                        "POST " + ALERTMANAGER,
                        Expect.ACCEPTED_OR_SHED,
                        () -> Hostile.concurrently(400, fn, "POST", ALERTMANAGER, bearer(), big)));
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
