package org.nself.anomaly.detector;

import io.micronaut.transaction.TransactionOperations;
import jakarta.inject.Singleton;
import java.sql.Connection;
import org.nself.shared.error.ApiException;

/** Deletes a detector with its points and anomalies, all or nothing. */
@Singleton
final class DeleteDetector {
    private final DetectorRepository detectors;
    private final TransactionOperations<Connection> tx;

    DeleteDetector(DetectorRepository detectors, TransactionOperations<Connection> tx) {
        this.detectors = detectors;
        this.tx = tx;
    }

    void delete(String account, String id) {
        boolean deleted = tx.executeWrite(s -> {
            int n = detectors.delete(account, id);
            detectors.deletePoints(account, id);
            detectors.deleteEvents(account, id);
            return n == 1;
        });
        if (!deleted) {
            throw ApiException.notFound("detector");
        }
    }
}
