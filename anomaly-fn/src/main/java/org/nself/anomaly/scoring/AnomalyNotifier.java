package org.nself.anomaly.scoring;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** Told after commit about anomalies that opened (webhook, incident). Every bean is told. */
public interface AnomalyNotifier {
    /** An anomaly as it was when it opened. */
    record Opened(UUID id, Instant startedAt, double score, double value, double expected) {
        public String severity() {
            return Severity.of(score).wire();
        }
    }

    void opened(String account, String detectorId, List<Opened> anomalies);
}
