package org.nself.crash.symbolication;

import io.micronaut.context.annotation.Value;
import jakarta.inject.Singleton;

/** The limits of symbol uploads and of the parsed-table cache, each explicit and configurable. */
@Singleton
final class SymbolSettings {
    private final long maxUploadBytes;
    private final long cacheMaxBytes;
    private final ArchiveLimits archiveLimits;

    SymbolSettings(
            @Value("${nself.crash.symbols.max-upload-bytes:67108864}") long maxUploadBytes,
            @Value("${nself.crash.symbols.cache-max-bytes:134217728}") long cacheMaxBytes,
            @Value("${nself.crash.symbols.archive.max-entries:10000}") int maxEntries,
            @Value("${nself.crash.symbols.archive.max-entry-bytes:536870912}") long maxEntryBytes,
            @Value("${nself.crash.symbols.archive.max-total-bytes:1073741824}") long maxTotalBytes,
            @Value("${nself.crash.symbols.archive.max-ratio:100}") int maxRatio) {
        if (maxUploadBytes < 1 || cacheMaxBytes < 0) {
            throw new IllegalArgumentException("nself.crash.symbols limits must be positive");
        }
        this.maxUploadBytes = maxUploadBytes;
        this.cacheMaxBytes = cacheMaxBytes;
        this.archiveLimits = new ArchiveLimits(maxEntries, maxEntryBytes, maxTotalBytes, maxRatio);
    }

    long maxUploadBytes() {
        return maxUploadBytes;
    }

    long cacheMaxBytes() {
        return cacheMaxBytes;
    }

    ArchiveLimits archiveLimits() {
        return archiveLimits;
    }
}
