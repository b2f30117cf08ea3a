package org.nself.incident.integration;

/** Alertmanager webhook bodies (version 4) as Alertmanager 0.25 sends them. */
final class AlertmanagerPayloads {
    private AlertmanagerPayloads() {}

    static String alert(String fingerprint, String status, String instance) {
        return "{\"status\":\"" + status + "\",\"labels\":{\"alertname\":\"HighLatency\",\"severity\":\"critical\","
                + "\"instance\":\"" + instance + "\"},\"annotations\":{\"summary\":\"p99 latency above 2s\"},"
                + "\"startsAt\":\"2026-01-01T10:00:00.000Z\",\"endsAt\":\""
                + (status.equals("resolved") ? "2026-01-01T10:30:00.000Z" : "0001-01-01T00:00:00Z")
                + "\",\"generatorURL\":\"http://prometheus/graph\",\"fingerprint\":\"" + fingerprint + "\"}";
    }

    static String group(String groupKey, String status, String... alerts) {
        return "{\"version\":\"4\",\"groupKey\":\"" + groupKey + "\",\"truncatedAlerts\":0,\"status\":\"" + status
                + "\",\"receiver\":\"incident\",\"groupLabels\":{\"alertname\":\"HighLatency\"},"
                + "\"commonLabels\":{\"alertname\":\"HighLatency\",\"severity\":\"critical\"},"
                + "\"commonAnnotations\":{\"summary\":\"p99 latency above 2s\"},"
                + "\"externalURL\":\"http://alertmanager:9093\",\"alerts\":[" + String.join(",", alerts) + "]}";
    }
}
