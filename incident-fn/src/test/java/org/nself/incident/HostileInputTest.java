package org.nself.incident;

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

/** No input gives nself-incident-mgmt a 500: every route of its router, driven with generated hostile input. */
class HostileInputTest {
    private static final String INCIDENT = "{\"title\":\"t\",\"description\":\"d\",\"severity\":\"SEV2\","
            + "\"status\":\"triggered\",\"type\":\"database\",\"labels\":{\"team\":\"core\"},\"commander\":\"ann\","
            + "\"assignees\":[\"bob\"],\"dedup_key\":\"k\",\"started_at\":\"2026-01-01T00:00:00Z\","
            + "\"detected_at\":\"2026-01-01T00:01:00Z\",\"actor\":\"ann\"}";
    private static final String RUNBOOK = "{\"name\":\"r\",\"description\":\"d\",\"types\":[\"database\"],"
            + "\"severities\":[\"SEV1\"],\"labels\":{\"team\":\"core\"},\"enabled\":true,\"steps\":["
            + "{\"id\":\"m\",\"kind\":\"manual\",\"name\":\"m\",\"description\":\"d\"},"
            + "{\"id\":\"n\",\"kind\":\"note\",\"name\":\"n\",\"message\":\"m\"},"
            + "{\"id\":\"h\",\"kind\":\"http\",\"name\":\"h\",\"method\":\"POST\",\"url\":\"https://203.0.113.10/x\","
            + "\"headers\":{\"x-a\":\"b\"},\"body\":\"{{incident.title}}\",\"timeout_ms\":1000,\"retries\":1}]}";
    private static final String ALERTMANAGER = "{\"version\":\"4\",\"groupKey\":\"g\",\"status\":\"firing\","
            + "\"receiver\":\"r\",\"groupLabels\":{\"alertname\":\"a\"},\"commonLabels\":{\"severity\":\"critical\"},"
            + "\"commonAnnotations\":{\"summary\":\"s\"},\"externalURL\":\"http://am\",\"alerts\":[{\"status\":\"firing\","
            + "\"labels\":{\"alertname\":\"a\"},\"annotations\":{\"summary\":\"s\"},"
            + "\"startsAt\":\"2026-01-01T00:00:00Z\",\"endsAt\":\"0001-01-01T00:00:00Z\","
            + "\"generatorURL\":\"http://p\",\"fingerprint\":\"f\"}]}";
    private static final String EVENT = "{\"routing_key\":\"k\",\"event_action\":\"trigger\",\"dedup_key\":\"d\","
            + "\"payload\":{\"summary\":\"s\",\"source\":\"x\",\"severity\":\"critical\","
            + "\"timestamp\":\"2026-01-01T00:00:00Z\",\"component\":\"c\",\"group\":\"g\",\"class\":\"c\","
            + "\"custom_details\":{\"a\":\"b\"}}}";
    private static final String WEBHOOK =
            "{\"url\":\"https://203.0.113.10/x\",\"description\":\"d\",\"event_types\":[\"incident.created\"],"
                    + "\"enabled\":true}";
    private static final Map<String, List<String>> SEEDS = Map.of(
            "POST /api/v1/incidents", List.of(INCIDENT),
            "PATCH /api/v1/incidents/{id}", List.of(INCIDENT, "{\"status\":\"resolved\",\"severity\":\"SEV1\"}"),
            "POST /api/v1/incidents/{id}/timeline",
                    List.of("{\"kind\":\"note\",\"message\":\"m\",\"occurred_at\":\"2026-01-01T00:00:00Z\","
                            + "\"actor\":\"a\",\"data\":{\"k\":\"v\"}}"),
            "PATCH /api/v1/incidents/{id}/timeline/{seq}",
                    List.of("{\"message\":\"m\",\"occurred_at\":\"2026-01-01T00:00:00Z\",\"actor\":\"a\"}"),
            "POST /api/v1/runbooks", List.of(RUNBOOK),
            "PATCH /api/v1/runbooks/{id}", List.of(RUNBOOK),
            "POST /api/v1/incidents/{id}/runbooks/executions/{executionId}/steps/{stepId}",
                    List.of("{\"action\":\"complete\",\"note\":\"n\",\"actor\":\"a\"}"),
            "POST /api/v1/integrations/alertmanager", List.of(ALERTMANAGER),
            "POST /api/v1/integrations/events", List.of(EVENT),
            "POST /api/v1/webhooks", List.of(WEBHOOK));
    private static final List<String> QUERY_NAMES =
            List.of("status", "severity", "type", "commander", "source", "label", "since", "until", "sort");

    private static HostileRequests hostile;

    @BeforeContainer
    static void startTheFunction() {
        // 203.0.113.0/24 (documentation, refused by default) stands for a public webhook target here
        hostile = HostileRequests.start(Map.of("nself.outbound.allow", "203.0.113.0/24"));
        // one of each resource, so that path variables sometimes name something that exists
        var http = hostile.http();
        var headers = Map.of(
                "Authorization",
                "Bearer " + PostgresTest.PLUGIN_SECRET,
                "X-App-Name",
                HostileRequests.ACCOUNT,
                "Content-Type",
                "application/json");
        String incident = id(http.send("POST", "/api/v1/incidents", headers, "{\"title\":\"target\"}")
                .body());
        String runbook = id(http.send(
                        "POST",
                        "/api/v1/runbooks",
                        headers,
                        "{\"name\":\"r\",\"steps\":[{\"id\":\"m\",\"kind\":\"manual\",\"name\":\"m\"}]}")
                .body());
        String execution = id(
                http.send("POST", "/api/v1/incidents/" + incident + "/runbooks/" + runbook + "/executions", headers, "")
                        .body());
        String webhook = id(http.send("POST", "/api/v1/webhooks", headers, "{\"url\":\"https://203.0.113.10/x\"}")
                .body());
        http.send("POST", "/api/v1/incidents/" + incident + "/timeline", headers, "{\"message\":\"m\"}");
        hostile.knownPathValues(incident, runbook, execution, webhook, "m", "1", "2");
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

    private static String id(String json) {
        var m = Pattern.compile("\"id\":\"([^\"]+)\"").matcher(json);
        if (!m.find()) {
            throw new IllegalStateException("no id in " + json);
        }
        return m.group(1);
    }
}
