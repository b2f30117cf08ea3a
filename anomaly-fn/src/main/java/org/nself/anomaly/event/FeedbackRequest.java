package org.nself.anomaly.event;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import org.nself.shared.error.ApiException;
import org.nself.shared.limits.StorableValues;

/** {@code PATCH /api/v1/anomalies/{id}}: {@code feedback} true_positive, false_positive or null (clear), an optional note. */
@Serdeable
record FeedbackRequest(@Nullable String feedback, @Nullable String note) {
    /** This request when its feedback is one of the labels and its note storable and at most 1,000 characters. */
    FeedbackRequest validated() {
        AnomalyFilter.oneOf("feedback", feedback, AnomalyFilter.FEEDBACK);
        if (note != null && note.length() > 1000) {
            throw ApiException.invalid("note", "at most 1000 characters");
        }
        StorableValues.requireStorableText("note", note);
        return this;
    }
}
