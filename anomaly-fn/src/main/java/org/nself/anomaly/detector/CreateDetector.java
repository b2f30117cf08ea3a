package org.nself.anomaly.detector;

import jakarta.inject.Singleton;
import org.nself.shared.error.ApiException;
import org.nself.shared.error.ErrorCode;

/** Creates a detector from a complete configuration; it starts learning (or paused). */
@Singleton
record CreateDetector(DetectorRepository detectors) {
    /** {@code operator}: whether the caller may configure a {@code sql} source. */
    DetectorView create(String account, DetectorRequest body, boolean operator) {
        if (body.id() == null || !DetectorSpec.ID.matcher(body.id()).matches()) {
            throw ApiException.invalid("id", "is required: 1-128 of A-Z a-z 0-9 . _ - starting with a letter or digit");
        }
        DetectorSpec spec = DetectorSpec.validate(
                body.name() == null ? body.id() : body.name(),
                body.source(),
                body.algorithm(),
                body.params(),
                body.threshold(),
                body.schedule(),
                body.enabled());
        spec.requireOperatorForSql(operator);
        if (!detectors.insert(account, body.id(), spec)) {
            throw new ApiException(ErrorCode.CONFLICT, "detector " + body.id() + " already exists");
        }
        return DetectorView.of(detectors.find(account, body.id()).orElseThrow());
    }
}
