package org.nself.crash.symbolication;

/**
 * Bounds on a zip archive: entries, bytes after decompression (per entry and in total), the
 * compression ratio of an entry (a zip bomb compresses far beyond what real debug files do), and the
 * bytes of DWARF entries held in memory together ({@code maxKeptBytes}: the rest is streamed past).
 */
record ArchiveLimits(int maxEntries, long maxEntryBytes, long maxTotalBytes, int maxRatio, long maxKeptBytes) {
    public ArchiveLimits {
        if (maxEntries < 1 || maxEntryBytes < 1 || maxTotalBytes < 1 || maxRatio < 1 || maxKeptBytes < 1) {
            throw new IllegalArgumentException("archive limits must be positive");
        }
    }
}
