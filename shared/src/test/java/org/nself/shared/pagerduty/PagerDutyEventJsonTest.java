package org.nself.shared.pagerduty;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micronaut.json.JsonMapper;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.nself.shared.testing.PostgresTest;

/**
 * The event's wire form, byte for byte, against the maps the senders built before the record existed
 * (with the services' JSON settings: snake_case names, instants as milliseconds).
 */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PagerDutyEventJsonTest implements PostgresTest {
    @Inject
    JsonMapper json;

    @Test
    void aTriggerWithAClassAndNestedDetailsIsWrittenAsTheMapsWere() throws IOException {
        Instant at = Instant.parse("2026-03-04T05:06:07.123456Z");
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("title", "SIGSEGV in render_frame");
        details.put("reports_in_hour", 42);
        details.put("crash_free_sessions", 0.8);
        details.put("nested", Map.of("list", List.of(1, "two", true)));
        details.put("alert_id", "7d1c0e2a-0000-4000-8000-000000000001");

        PagerDutyEvent event = PagerDutyEvent.trigger(
                "nself-crash",
                "crash-group-17",
                new PagerDutyEvent.Payload(
                        "New crash: SIGSEGV in render_frame",
                        "nself-crash",
                        "error",
                        at.toString(),
                        "crash-group-17",
                        null,
                        "group.created",
                        details));

        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("summary", "New crash: SIGSEGV in render_frame");
        payload.put("source", "nself-crash");
        payload.put("severity", "error");
        payload.put("timestamp", at.toString());
        payload.put("component", "crash-group-17");
        payload.put("class", "group.created");
        payload.put("custom_details", details);
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("routing_key", "nself-crash");
        map.put("event_action", "trigger");
        map.put("dedup_key", "crash-group-17");
        map.put("payload", payload);
        assertThat(write(event)).isEqualTo(write(map));
        assertThat(write(event)).contains("\"timestamp\":\"2026-03-04T05:06:07.123456Z\"");
    }

    @Test
    void aTriggerWithoutAClassLeavesItOut() throws IOException {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("anomaly_id", "a1");
        details.put("score", 0.97);
        details.put("value", 50.0);
        PagerDutyEvent event = PagerDutyEvent.trigger(
                "nself-anomaly",
                "anomaly-a1",
                new PagerDutyEvent.Payload(
                        "Anomaly on hooked: 50.0 (expected about 1.5)",
                        "nself-anomaly/hooked",
                        "critical",
                        "2026-01-01T00:00:00Z",
                        "hooked",
                        null,
                        null,
                        details));

        assertThat(write(event))
                .isEqualTo("{\"routing_key\":\"nself-anomaly\",\"event_action\":\"trigger\",\"dedup_key\":"
                        + "\"anomaly-a1\",\"payload\":{\"summary\":\"Anomaly on hooked: 50.0 (expected about 1.5)\","
                        + "\"source\":\"nself-anomaly/hooked\",\"severity\":\"critical\",\"timestamp\":"
                        + "\"2026-01-01T00:00:00Z\",\"component\":\"hooked\",\"custom_details\":{\"anomaly_id\":"
                        + "\"a1\",\"score\":0.97,\"value\":50.0}}}");
    }

    @Test
    void anEventIsWhatTheEventsApiAllows() {
        assertThatThrownBy(() -> new PagerDutyEvent("k", "escalate", "d", null))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new PagerDutyEvent("k", "trigger", "d", null))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new PagerDutyEvent("k", "resolve", null, null))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new PagerDutyEvent.Payload("s", "src", "fatal", null, null, null, null, null))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(new PagerDutyEvent("k", "acknowledge", "d", null).payload()).isNull();
    }

    @Test
    void theTimestampReadsWithAnyOffset() {
        PagerDutyEvent.Payload p =
                new PagerDutyEvent.Payload("s", "src", "info", "2026-01-01T02:00:00+02:00", null, null, null, null);

        assertThat(p.time()).isEqualTo(Instant.parse("2026-01-01T00:00:00Z"));
    }

    @Test
    void theClientPostsToTheEventsPathUnderTheBaseUrl() {
        assertThat(IncidentFnClient.eventsUrl(" http://incident:3833// "))
                .isEqualTo("http://incident:3833/api/v1/integrations/events");
        assertThat(IncidentFnClient.eventsUrl("  ")).isNull();
        assertThat(new IncidentFnClient(null, "", "nself-test", json).send("primary", "{}"))
                .satisfies(o -> assertThat(o.error()).isEqualTo("no incident URL configured any more"));
    }

    private String write(Object value) throws IOException {
        return new String(json.writeValueAsBytes(value), StandardCharsets.UTF_8);
    }
}
