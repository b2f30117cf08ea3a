package org.nself.crash.symbolication;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.context.annotation.Context;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Positive;
import java.time.Duration;
import org.nself.shared.config.ConfigurationError;

/**
 * The limits of sentry-cli's chunked upload ({@code nself.crash.chunk-upload.*}, defaults in application.yml),
 * told to the client by {@code GET …/chunk-upload/} and enforced on every request. The defaults keep one
 * request of chunks (base64-encoded in a Lambda event) under Lambda's 6 MB payload and API Gateway's 10 MB.
 *
 * @param chunkSize the size sentry-cli cuts a file into (the last chunk is smaller)
 * @param maxRequestSize the most chunk bytes one request carries (sentry-cli sends at least one chunk)
 * @param chunksPerRequest the most chunks one request carries
 * @param concurrency how many chunk requests sentry-cli sends at once
 * @param maxPendingBytes the most chunk bytes an account may hold that no assembled file has used yet
 * @param pendingHours how long an unused chunk is kept
 */
@ConfigurationProperties("nself.crash.chunk-upload")
@Context
record ChunkUploadSettings(
        @Positive int chunkSize,
        @Positive int maxRequestSize,
        @Min(1) @Max(1000) int chunksPerRequest,
        @Min(1) @Max(64) int concurrency,
        @Positive long maxPendingBytes,
        @Min(1) @Max(720) int pendingHours) {
    ChunkUploadSettings {
        if (chunkSize > maxRequestSize) {
            throw new ConfigurationError(
                    "NSELF_CRASH_CHUNK_UPLOAD_CHUNK_SIZE",
                    "must not be larger than NSELF_CRASH_CHUNK_UPLOAD_MAX_REQUEST_SIZE");
        }
    }

    Duration pendingFor() {
        return Duration.ofHours(pendingHours);
    }
}
