package org.nself.anomaly.scoring;

import java.sql.Connection;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Told, inside the transaction that opened them, about anomalies that opened, so that what they send
 * (webhook, incident) is recorded exactly when they are committed and delivered later with retries.
 */
public interface AnomalyNotifier {
    /** An anomaly as it was when it opened. */
    record Opened(UUID id, Instant startedAt, double score, double value, double expected) {
        public String severity() {
            return Severity.of(score).wire();
        }
    }

    /** May be told about an anomaly more than once in a transaction; records it once. */
    void opened(Connection c, String account, String detectorId, List<Opened> anomalies);
}
