package org.nself.anomaly.detector;

import io.micronaut.core.annotation.Introspected;

/** Which detector: its account and id. */
@Introspected
public record DetectorKey(String sourceAccountId, String id) {}
