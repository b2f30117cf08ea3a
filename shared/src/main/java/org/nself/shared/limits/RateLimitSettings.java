package org.nself.shared.limits;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.context.annotation.Context;
import jakarta.validation.constraints.Positive;

/**
 * {@code nself.rate-limit.*} (RATE_LIMIT_MAX, RATE_LIMIT_WINDOW_MS, INGEST_RATE_LIMIT_PER_SECOND,
 * INGEST_ACCOUNT_RATE_LIMIT_PER_SECOND): authenticated requests per client per window, and public ingest
 * per second per client address and per account; {@code 0} turns a limit off.
 */
@ConfigurationProperties("nself.rate-limit")
@Context
record RateLimitSettings(long max, @Positive long windowMs, long ingestPerSecond, long ingestAccountPerSecond) {}
