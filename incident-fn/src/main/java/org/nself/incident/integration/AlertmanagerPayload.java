package org.nself.incident.integration;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.nself.incident.lifecycle.Milestones;
import org.nself.incident.lifecycle.Severity;
import org.nself.shared.json.JsonFields;

/**
 * An Alertmanager webhook (payload version 4), read and bounded: the group's key, status and common
 * labels, and each alert with its fingerprint (computed from its labels when absent).
 */
record AlertmanagerPayload(
        String groupKey,
        String status,
        Map<String, String> commonLabels,
        Map<String, String> commonAnnotations,
        String externalUrl,
        List<Alert> alerts) {
    static final int MAX_ALERTS = 1_000;
    static final int DEDUP_KEY_MAX = 255;

    record Alert(
            String fingerprint,
            String status,
            Map<String, String> labels,
            Map<String, String> annotations,
            Instant startsAt,
            Instant endsAt,
            String generatorUrl) {}

    static AlertmanagerPayload read(JsonFields f) {
        String version = f.string("version", 10, true);
        if (version != null && !version.equals("4")) {
            f.error("version", "must be 4 (the Alertmanager webhook payload version)");
        }
        String groupKey = f.string("groupKey", 10_000, true);
        String status = firingOrResolved(f);
        Map<String, String> commonLabels = f.stringMap("commonLabels", 200, 200, 10_000);
        Map<String, String> commonAnnotations = f.stringMap("commonAnnotations", 200, 200, 10_000);
        String externalUrl = f.string("externalURL", 2_000, false);
        List<JsonFields> rawAlerts = f.objects("alerts", MAX_ALERTS);
        if (rawAlerts == null && !f.hasErrors()) {
            f.error("alerts", "is required");
        }
        List<Alert> alerts = new ArrayList<>();
        if (rawAlerts != null) {
            for (JsonFields a : rawAlerts) {
                String alertStatus = firingOrResolved(a);
                Map<String, String> labels = a.stringMap("labels", 200, 200, 10_000);
                Map<String, String> annotations = a.stringMap("annotations", 200, 200, 10_000);
                String fingerprint = a.string("fingerprint", 128, false);
                Instant startsAt = bounded(a.anyInstant("startsAt"));
                Instant endsAt = bounded(a.anyInstant("endsAt"));
                String generator = a.string("generatorURL", 2_000, false);
                labels = labels == null ? Map.of() : labels;
                alerts.add(new Alert(
                        fingerprint == null || fingerprint.isBlank() ? fingerprintOf(labels) : fingerprint,
                        alertStatus,
                        labels,
                        annotations == null ? Map.of() : annotations,
                        startsAt,
                        endsAt,
                        generator));
            }
        }
        f.validate();
        return new AlertmanagerPayload(
                groupKey,
                status,
                commonLabels == null ? Map.of() : commonLabels,
                commonAnnotations == null ? Map.of() : commonAnnotations,
                externalUrl,
                alerts);
    }

    /** The incident's dedup key: the group key, hashed when it is too long for the column. */
    String dedupKey() {
        return groupKey.length() <= DEDUP_KEY_MAX ? groupKey : "am-sha256:" + sha256(groupKey);
    }

    String title() {
        String summary = commonAnnotations.get("summary");
        if (summary != null && !summary.isBlank()) {
            return clip(summary, 500);
        }
        String name = commonLabels.get("alertname");
        if (name == null && !alerts.isEmpty()) {
            name = alerts.get(0).labels().get("alertname");
        }
        return name == null ? "Alertmanager alert" : clip(name, 500);
    }

    String description() {
        String d = commonAnnotations.getOrDefault("description", "");
        return clip(d, 20_000);
    }

    Severity severity() {
        return severityOf(commonLabels.get("severity"));
    }

    /** Labels kept on the incident: the group's common labels, bounded as incident labels are. */
    Map<String, String> incidentLabels() {
        Map<String, String> out = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : new TreeMap<>(commonLabels).entrySet()) {
            if (out.size() == 50) {
                break;
            }
            if (e.getKey().length() <= 100) {
                out.put(e.getKey(), clip(e.getValue(), 500));
            }
        }
        return out;
    }

    static Severity severityOf(String label) {
        if (label == null) {
            return Severity.SEV3;
        }
        return switch (label.strip().toLowerCase(java.util.Locale.ROOT)) {
            case "critical", "page", "sev1", "p1" -> Severity.SEV1;
            case "error", "high", "major", "sev2", "p2" -> Severity.SEV2;
            case "warning", "warn", "medium", "sev3", "p3" -> Severity.SEV3;
            case "info", "low", "minor", "sev4", "p4" -> Severity.SEV4;
            case "none", "debug", "sev5", "p5" -> Severity.SEV5;
            default -> Severity.SEV3;
        };
    }

    static String fingerprintOf(Map<String, String> labels) {
        StringBuilder b = new StringBuilder();
        new TreeMap<>(labels)
                .forEach((k, v) -> b.append(k).append('\u0000').append(v).append('\u0001'));
        return sha256(b.toString()).substring(0, 16);
    }

    /** Alertmanager writes 0001-01-01 for "not set"; anything outside 1970..2200 is treated as unset. */
    /** A payload's or an alert's status, required. */
    private static String firingOrResolved(JsonFields f) {
        String status = f.string("status", 20, true);
        if (status != null && !status.equals("firing") && !status.equals("resolved")) {
            f.error("status", "must be firing or resolved");
        }
        return status;
    }

    private static Instant bounded(Instant t) {
        return t == null || t.isBefore(Milestones.EARLIEST) || t.isAfter(Milestones.LATEST) ? null : t;
    }

    static String clip(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max);
    }

    static String sha256(String s) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
