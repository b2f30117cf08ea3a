package org.nself.anomaly.event;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

/** {@code PATCH /api/v1/anomalies/{id}}: {@code feedback} true_positive, false_positive or null (clear), an optional note. */
@Serdeable
record FeedbackRequest(@Nullable String feedback, @Nullable String note) {}
