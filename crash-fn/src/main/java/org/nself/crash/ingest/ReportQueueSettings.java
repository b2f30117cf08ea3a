package org.nself.crash.ingest;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.context.annotation.Context;
import jakarta.validation.constraints.Positive;

/**
 * The group-commit queue's bounds ({@code nself.crash.ingest.*}, NSELF_CRASH_INGEST_*, defaults in
 * application.yml): entries and bytes queued, and reports and bytes in one transaction.
 */
@ConfigurationProperties("nself.crash.ingest")
@Context
record ReportQueueSettings(@Positive int queueCapacity, long queueMaxBytes, int maxBatch, long maxBatchBytes) {}
