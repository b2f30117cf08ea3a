package org.nself.anomaly.detector;

import io.micronaut.transaction.TransactionOperations;
import jakarta.inject.Singleton;
import java.sql.Connection;
import org.nself.shared.error.ApiException;

/** Deletes a detector with its points, anomalies and series models, all or nothing. */
@Singleton
record DeleteDetector(DetectorRepository detectors, TransactionOperations<Connection> tx) {
    void delete(String account, String id) {
        boolean deleted = tx.executeWrite(s -> {
            int n = detectors.delete(account, id);
            detectors.deletePoints(account, id);
            detectors.deleteEvents(account, id);
            detectors.deleteEntities(account, id);
            return n == 1;
        });
        if (!deleted) {
            throw ApiException.notFound("detector");
        }
    }
}
