package org.nself.anomaly.scoring;

import java.util.List;
import java.util.UUID;

/** Told after commit about anomalies that opened (webhook, incident). */
public interface AnomalyNotifier {
    void opened(String account, String detectorId, List<UUID> anomalyIds);
}
