package org.nself.anomaly.event;

import io.micronaut.transaction.TransactionOperations;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.util.Map;
import java.util.UUID;
import org.nself.anomaly.detector.Detector;
import org.nself.anomaly.detector.DetectorRepository;
import org.nself.anomaly.scoring.DataPointRepository;
import org.nself.anomaly.source.Entity;
import org.nself.shared.error.ApiException;

/** An anomaly with its scoring context: the detector's algorithm, parameters and threshold, and the points around it. */
@Singleton
record ShowAnomaly(
        EventQueries events,
        DetectorRepository detectors,
        DataPointRepository points,
        TransactionOperations<Connection> tx) {
    AnomalyView show(String account, UUID id) {
        return tx.executeRead(s -> {
            AnomalyView a = events.find(account, id).orElseThrow(() -> ApiException.notFound("anomaly"));
            Detector d = detectors.find(account, a.detectorId()).orElse(null);
            return a.with(new AnomalyView.Context(
                    d == null ? "unknown" : d.spec().algorithm(),
                    d == null ? Map.of() : d.spec().params(),
                    d == null ? Map.of() : d.spec().threshold().toMap(),
                    points.around(
                            s.getConnection(),
                            account,
                            a.detectorId(),
                            Entity.of(a.entity() == null ? Map.of() : a.entity())
                                    .key(),
                            a.startedAt(),
                            a.endedAt())));
        });
    }
}
