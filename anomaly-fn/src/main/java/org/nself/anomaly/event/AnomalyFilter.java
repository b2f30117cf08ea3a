package org.nself.anomaly.event;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.nself.anomaly.source.EntityFilter;
import org.nself.shared.error.ApiException;
import org.nself.shared.jdbc.SqlFilter;
import org.nself.shared.time.Rfc3339;

/** The filters of the anomaly list, read from the query string; any may be null. */
record AnomalyFilter(
        String detectorId,
        Instant since,
        Instant until,
        String status,
        Double minScore,
        String feedback,
        EntityFilter entity) {
    static final Set<String> STATUSES = Set.of("open", "closed");
    static final Set<String> FEEDBACK = Set.of("true_positive", "false_positive");

    static AnomalyFilter read(
            String detectorId,
            String since,
            String until,
            String status,
            String minScore,
            String feedback,
            List<String> entity) {
        return new AnomalyFilter(
                detectorId,
                instant("since", since),
                instant("until", until),
                oneOf("status", status, STATUSES),
                score("min_score", minScore),
                oneOf("feedback", feedback, Set.of("true_positive", "false_positive", "none")),
                EntityFilter.read(entity));
    }

    /** The WHERE of the account's anomalies that pass. */
    SqlFilter where(String account) {
        SqlFilter where = SqlFilter.where("source_account_id = ?", account)
                .andIfPresent("detector_id = ?", detectorId)
                .andIfPresent("ended_at >= ?", since)
                .andIfPresent("started_at < ?", until)
                .andIfPresent("status = ?", status)
                .andIfPresent("peak_score >= ?", minScore)
                .andIf("none".equals(feedback), "feedback IS NULL")
                .andIfPresent("feedback = ?", "none".equals(feedback) ? null : feedback);
        if (entity != null) {
            // the series' labels include every pair asked for
            entity.labels().forEach((name, value) -> where.and("entity_labels ->> ? = ?", name, value));
        }
        return where;
    }

    private static Instant instant(String field, String raw) {
        return Rfc3339.storable(field, raw, "must be RFC 3339, e.g. 2026-05-17T10:00:00Z");
    }

    private static Double score(String field, String raw) {
        if (raw == null) {
            return null;
        }
        try {
            double d = Double.parseDouble(raw);
            if (!(d >= 0 && d <= 1)) {
                throw ApiException.invalid(field, "must be between 0 and 1");
            }
            return d;
        } catch (NumberFormatException e) {
            throw ApiException.invalid(field, "must be a number between 0 and 1");
        }
    }

    /** {@code raw} when it is one of {@code allowed}; null when absent; else 400 listing them. */
    static String oneOf(String field, String raw, Set<String> allowed) {
        if (raw == null) {
            return null;
        }
        if (!allowed.contains(raw)) {
            throw ApiException.invalid(field, "must be one of " + String.join(", ", new TreeSet<>(allowed)));
        }
        return raw;
    }
}
