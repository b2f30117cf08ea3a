package org.nself.crash.symbolication;

import io.micronaut.context.annotation.Value;
import jakarta.inject.Singleton;

/**
 * The limits of symbol uploads and of the parsed-table cache, each explicit and configurable. Unset (0),
 * the upload and table limits are 64 MiB or a sixth of the heap, whichever is smaller: an upload holds its
 * bytes, their text and its parsed table at once, so in the container's 192 MiB heap 64 MiB files would
 * not fit (a 60 MiB Breakpad upload ended the process), while a laptop's or Lambda's heap takes them.
 */
@Singleton
final class SymbolSettings {
    static final long MAX_FILE_BYTES = 64L * 1024 * 1024;
    static final int HEAP_SHARE = 6;
    private final long maxUploadBytes;
    private final long cacheMaxBytes;
    private final long maxTableBytes;
    private final ArchiveLimits archiveLimits;
    private final java.time.Duration lookupTtl;

    SymbolSettings(
            @Value("${nself.crash.symbols.max-upload-bytes:0}") long maxUploadBytes,
            @Value("${nself.crash.symbols.cache-max-bytes:134217728}") long cacheMaxBytes,
            @Value("${nself.crash.symbols.max-table-bytes:0}") long maxTableBytes,
            @Value("${nself.crash.symbols.archive.max-entries:10000}") int maxEntries,
            @Value("${nself.crash.symbols.archive.max-entry-bytes:536870912}") long maxEntryBytes,
            @Value("${nself.crash.symbols.archive.max-total-bytes:1073741824}") long maxTotalBytes,
            @Value("${nself.crash.symbols.archive.max-ratio:100}") int maxRatio,
            @Value("${nself.crash.symbols.archive.max-kept-bytes:67108864}") long maxKeptBytes,
            @Value("${nself.crash.symbols.lookup-ttl-seconds:30}") int lookupTtlSeconds) {
        maxUploadBytes = maxUploadBytes == 0 ? byHeap(Runtime.getRuntime().maxMemory()) : maxUploadBytes;
        maxTableBytes = maxTableBytes == 0 ? byHeap(Runtime.getRuntime().maxMemory()) : maxTableBytes;
        if (maxUploadBytes < 1 || cacheMaxBytes < 0 || maxTableBytes < 1) {
            throw new IllegalArgumentException("nself.crash.symbols limits must be positive");
        }
        // longer than a minute would outlast the re-symbolication job's grace period (ResymbolicationJob)
        if (lookupTtlSeconds < 0 || lookupTtlSeconds > 60) {
            throw new IllegalArgumentException("nself.crash.symbols.lookup-ttl-seconds must be between 0 and 60");
        }
        this.lookupTtl = java.time.Duration.ofSeconds(lookupTtlSeconds);
        this.maxUploadBytes = maxUploadBytes;
        this.cacheMaxBytes = cacheMaxBytes;
        // a table the cache could never keep would be parsed again for every report: never accepted
        this.maxTableBytes = cacheMaxBytes > 0 ? Math.min(maxTableBytes, cacheMaxBytes) : maxTableBytes;
        this.archiveLimits = new ArchiveLimits(maxEntries, maxEntryBytes, maxTotalBytes, maxRatio, maxKeptBytes);
    }

    /** The default file limit for a heap of {@code heapBytes}. */
    static long byHeap(long heapBytes) {
        return Math.max(1024 * 1024, Math.min(MAX_FILE_BYTES, heapBytes / HEAP_SHARE));
    }

    long maxUploadBytes() {
        return maxUploadBytes;
    }

    long cacheMaxBytes() {
        return cacheMaxBytes;
    }

    /**
     * The most heap one parsed table may take: {@code max-table-bytes}, and never more than the cache
     * holds. A file over it is refused at upload (413); a stored one over it is not loaded.
     */
    long maxTableBytes() {
        return maxTableBytes;
    }

    /** How long which file is newest for a debug id (or that there is none) is remembered. */
    java.time.Duration lookupTtl() {
        return lookupTtl;
    }

    ArchiveLimits archiveLimits() {
        return archiveLimits;
    }
}
