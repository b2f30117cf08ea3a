package org.nself.anomaly.source;

import java.time.Instant;

/** A point pulled from a source. */
public record FetchedPoint(Instant timestamp, double value) {}
