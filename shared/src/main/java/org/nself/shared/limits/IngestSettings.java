package org.nself.shared.limits;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.context.annotation.Context;
import jakarta.validation.constraints.PositiveOrZero;

/** {@code nself.ingest.max-in-flight-bytes}: the {@link IngestBudget}, {@code 0} turns it off. */
@ConfigurationProperties("nself.ingest")
@Context
record IngestSettings(@PositiveOrZero long maxInFlightBytes) {}
