package org.nself.crash.symbolication;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.context.annotation.Context;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.PositiveOrZero;
import java.time.Duration;

/**
 * The limits of symbol uploads and of the parsed-table cache, each explicit and configurable
 * ({@code nself.crash.symbols.*}, defaults in application.yml). Unset (0), the upload and table limits are
 * 64 MiB or a sixth of the heap, whichever is smaller: an upload holds its bytes, their text and its parsed
 * table at once, so in the container's 192 MiB heap 64 MiB files would not fit (a 60 MiB Breakpad upload
 * ended the process), while a laptop's or Lambda's heap takes them.
 *
 * @param maxTableBytes the most heap one parsed table may take, and never more than the cache holds: a
 *     file over it is refused at upload (413); a stored one over it is not loaded
 * @param lookupTtlSeconds how long which file is newest for a debug id (or that there is none) is
 *     remembered; longer than a minute would outlast the re-symbolication job's grace period
 *     (ResymbolicationJob)
 */
@ConfigurationProperties("nself.crash.symbols")
@Context
record SymbolSettings(
        @PositiveOrZero long maxUploadBytes,
        @PositiveOrZero long cacheMaxBytes,
        @PositiveOrZero long maxTableBytes,
        @Min(value = 0, message = "must be between 0 and 60") @Max(value = 60, message = "must be between 0 and 60")
                int lookupTtlSeconds,
        Archive archive) {
    static final long MAX_FILE_BYTES = 64L * 1024 * 1024;
    static final int HEAP_SHARE = 6;

    SymbolSettings {
        maxUploadBytes = maxUploadBytes == 0 ? byHeap(Runtime.getRuntime().maxMemory()) : maxUploadBytes;
        maxTableBytes = maxTableBytes == 0 ? byHeap(Runtime.getRuntime().maxMemory()) : maxTableBytes;
        // a table the cache could never keep would be parsed again for every report: never accepted
        maxTableBytes = cacheMaxBytes > 0 ? Math.min(maxTableBytes, cacheMaxBytes) : maxTableBytes;
    }

    /** {@code nself.crash.symbols.archive.*}: see {@link ArchiveLimits}. */
    @ConfigurationProperties("archive")
    record Archive(
            @Positive int maxEntries,
            @Positive long maxEntryBytes,
            @Positive long maxTotalBytes,
            @Positive int maxRatio,
            @Positive long maxKeptBytes) {}

    /** The default file limit for a heap of {@code heapBytes}. */
    static long byHeap(long heapBytes) {
        return Math.max(1024 * 1024, Math.min(MAX_FILE_BYTES, heapBytes / HEAP_SHARE));
    }

    Duration lookupTtl() {
        return Duration.ofSeconds(lookupTtlSeconds);
    }

    ArchiveLimits archiveLimits() {
        return new ArchiveLimits(
                archive.maxEntries(),
                archive.maxEntryBytes(),
                archive.maxTotalBytes(),
                archive.maxRatio(),
                archive.maxKeptBytes());
    }
}
