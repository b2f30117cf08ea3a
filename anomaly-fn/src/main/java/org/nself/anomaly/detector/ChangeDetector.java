package org.nself.anomaly.detector;

import io.micronaut.transaction.TransactionOperations;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.time.Instant;
import org.nself.shared.error.ApiException;

/**
 * Changes a detector's configuration (absent fields keep theirs) under its row lock; a change of the
 * algorithm, its parameters, the threshold or the source retrains the model from the stored points
 * and bumps the version, in the same transaction.
 */
@Singleton
record ChangeDetector(DetectorRepository detectors, ModelTrainer trainer, TransactionOperations<Connection> tx) {
    /** {@code operator}: whether the caller may configure a {@code sql} source. */
    DetectorView change(String account, String id, DetectorRequest body, boolean operator) {
        if (body.id() != null && !body.id().equals(id)) {
            throw ApiException.invalid("id", "cannot be changed");
        }
        return tx.executeWrite(s -> {
            Detector d = detectors.lock(account, id).orElseThrow(() -> ApiException.notFound("detector"));
            DetectorSpec spec = DetectorSpec.validate(
                    body.name() == null ? d.spec().name() : body.name(),
                    body.source() == null ? d.spec().source().toMap() : body.source(),
                    body.algorithm() == null ? d.spec().algorithm() : body.algorithm(),
                    body.params() == null ? (body.algorithm() == null ? d.spec().params() : null) : body.params(),
                    body.threshold() == null ? d.spec().threshold().toMap() : body.threshold(),
                    body.schedule() == null ? DetectorSpec.scheduleText(d.spec().scheduleSeconds()) : body.schedule(),
                    body.enabled() == null ? d.spec().enabled() : body.enabled());
            if (body.source() != null) {
                spec.requireOperatorForSql(operator);
            }
            boolean modelChanged = d.modelChangedBy(spec);
            ModelTrainer.Trained model = modelChanged
                    ? trainer.train(s.getConnection(), d, spec)
                    : new ModelTrainer.Trained(d.state(), d.ruleState(), d.pointsLearned());
            if (modelChanged) {
                trainer.trainSeries(s.getConnection(), d, spec);
            }
            DetectorStatus status = DetectorStatus.afterChange(
                    d.status(), spec.enabled(), modelChanged, model.learned(), spec.warmupPoints());
            Instant nextRunAt =
                    spec.scheduleSeconds() == null ? null : (d.nextRunAt() == null ? Instant.now() : d.nextRunAt());
            detectors.saveConfig(
                    account,
                    id,
                    spec,
                    status,
                    status == DetectorStatus.ERROR ? d.statusReason() : null,
                    model,
                    modelChanged ? d.version() + 1 : d.version(),
                    nextRunAt);
            return DetectorView.of(detectors.lock(account, id).orElseThrow());
        });
    }
}
