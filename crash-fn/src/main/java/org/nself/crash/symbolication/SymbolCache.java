package org.nself.crash.symbolication;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * Parsed symbol tables, least recently used first out, bounded by their estimated heap bytes. A table
 * larger than the whole bound is used once and not kept. Parsing happens outside the lock: two threads
 * may parse the same file at once, and the second result simply replaces the first.
 */
final class SymbolCache {
    private final long maxBytes;
    private final LinkedHashMap<Key, SymbolFiles.Loaded> entries = new LinkedHashMap<>(64, 0.75f, true);
    private long bytes;

    record Key(String account, UUID fileId, DebugId debugId) {}

    SymbolCache(long maxBytes) {
        this.maxBytes = maxBytes;
    }

    Optional<SymbolFiles.Loaded> get(Key key, Supplier<Optional<SymbolFiles.Loaded>> loader) {
        synchronized (this) {
            SymbolFiles.Loaded hit = entries.get(key);
            if (hit != null) {
                return Optional.of(hit);
            }
        }
        Optional<SymbolFiles.Loaded> loaded = loader.get();
        loaded.ifPresent(table -> put(key, table));
        return loaded;
    }

    synchronized void put(Key key, SymbolFiles.Loaded table) {
        long size = table.estimatedBytes();
        if (size > maxBytes) {
            return;
        }
        SymbolFiles.Loaded previous = entries.put(key, table);
        if (previous != null) {
            bytes -= previous.estimatedBytes();
        }
        bytes += size;
        Iterator<Map.Entry<Key, SymbolFiles.Loaded>> oldest = entries.entrySet().iterator();
        while (bytes > maxBytes && oldest.hasNext()) {
            Map.Entry<Key, SymbolFiles.Loaded> e = oldest.next();
            bytes -= e.getValue().estimatedBytes();
            oldest.remove();
        }
    }

    synchronized void evictFile(String account, UUID fileId) {
        Iterator<Map.Entry<Key, SymbolFiles.Loaded>> it = entries.entrySet().iterator();
        while (it.hasNext()) {
            Map.Entry<Key, SymbolFiles.Loaded> e = it.next();
            if (e.getKey().account().equals(account) && e.getKey().fileId().equals(fileId)) {
                bytes -= e.getValue().estimatedBytes();
                it.remove();
            }
        }
    }

    synchronized long bytes() {
        return bytes;
    }

    synchronized int size() {
        return entries.size();
    }
}
