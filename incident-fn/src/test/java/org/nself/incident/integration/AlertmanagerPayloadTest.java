package org.nself.incident.integration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micronaut.json.JsonMapper;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nself.incident.lifecycle.Severity;
import org.nself.shared.error.ApiException;
import org.nself.shared.json.JsonFields;

class AlertmanagerPayloadTest {
    private static final JsonMapper MAPPER = JsonMapper.createDefault();

    private static AlertmanagerPayload read(String body) {
        return AlertmanagerPayload.read(JsonFields.parse(MAPPER, body));
    }

    @Test
    void aFiringGroupIsReadWithItsAlerts() {
        AlertmanagerPayload p = read(AlertmanagerPayloads.group(
                "{}:{alertname=\\\"HighLatency\\\"}",
                "firing",
                AlertmanagerPayloads.alert("a1", "firing", "web-1"),
                AlertmanagerPayloads.alert("a2", "resolved", "web-2")));

        assertThat(p.dedupKey()).isEqualTo("{}:{alertname=\"HighLatency\"}");
        assertThat(p.title()).isEqualTo("p99 latency above 2s");
        assertThat(p.severity()).isEqualTo(Severity.SEV1);
        assertThat(p.alerts())
                .extracting(AlertmanagerPayload.Alert::fingerprint)
                .containsExactly("a1", "a2");
        assertThat(p.alerts().get(0).endsAt()).isNull();
        assertThat(p.alerts().get(1).endsAt()).isNotNull();
    }

    @Test
    void aMissingFingerprintIsDerivedFromTheLabelsWhateverTheirOrder() {
        String a = AlertmanagerPayloadTest.class.getSimpleName();
        assertThat(AlertmanagerPayload.fingerprintOf(Map.of("a", "1", "b", "2")))
                .isEqualTo(AlertmanagerPayload.fingerprintOf(new java.util.TreeMap<>(Map.of("b", "2", "a", "1"))))
                .isNotEqualTo(AlertmanagerPayload.fingerprintOf(Map.of("a", "1", "b", "3")))
                .as(a)
                .hasSize(16);
    }

    @Test
    void aLongGroupKeyIsHashedIntoTheDedupKey() {
        String longKey = "k".repeat(600);

        AlertmanagerPayload p =
                read(AlertmanagerPayloads.group(longKey, "firing", AlertmanagerPayloads.alert("a", "firing", "x")));

        assertThat(p.dedupKey()).startsWith("am-sha256:").hasSizeLessThanOrEqualTo(255);
    }

    @Test
    void anotherPayloadVersionOrStatusIsRefused() {
        String v3 = AlertmanagerPayloads.group("g", "firing").replace("\"version\":\"4\"", "\"version\":\"3\"");
        String weird = AlertmanagerPayloads.group("g", "exploding");

        assertThatThrownBy(() -> read(v3)).isInstanceOf(ApiException.class).hasMessageContaining("version");
        assertThatThrownBy(() -> read(weird)).isInstanceOf(ApiException.class).hasMessageContaining("status");
    }

    @Test
    void severityLabelsMapOntoSeverities() {
        assertThat(AlertmanagerPayload.severityOf("critical")).isEqualTo(Severity.SEV1);
        assertThat(AlertmanagerPayload.severityOf("error")).isEqualTo(Severity.SEV2);
        assertThat(AlertmanagerPayload.severityOf("warning")).isEqualTo(Severity.SEV3);
        assertThat(AlertmanagerPayload.severityOf("info")).isEqualTo(Severity.SEV4);
        assertThat(AlertmanagerPayload.severityOf(null)).isEqualTo(Severity.SEV3);
    }
}
