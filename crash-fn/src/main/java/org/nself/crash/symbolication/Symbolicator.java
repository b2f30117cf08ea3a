package org.nself.crash.symbolication;

import io.micronaut.context.event.ApplicationEventListener;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import org.nself.crash.event.DebugImage;
import org.nself.shared.tenancy.AccountId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Symbolicates an event's frames with the account's symbol files: one query finds the newest file
 * per debug id, tables come from the memory-bounded cache (parsed on a miss). Thread-safe; callable
 * inside or outside a transaction.
 *
 * <p>Which file is newest for a debug id (or that there is none) is remembered for
 * {@code nself.crash.symbols.lookup-ttl-seconds} (30 s), so ingest does not query per event; an upload or
 * delete on this instance forgets it at once. A report symbolicated on another instance with a stale
 * "no file" is caught by the re-symbolication job, which looks again for longer than that.
 */
@Singleton
public final class Symbolicator implements ApplicationEventListener<SymbolFilesChanged> {
    private static final int MAX_REMEMBERED_LOOKUPS = 100_000;
    /** Stored files that cannot be loaded (malformed, or a table over the bound), remembered at most this many. */
    private static final int MAX_REMEMBERED_UNLOADABLE = 10_000;

    private static final Logger LOG = LoggerFactory.getLogger(Symbolicator.class);

    private final SymbolFileRepository repository;
    private final SymbolSettings settings;
    private final SymbolCache cache;
    private final ConcurrentHashMap<LookupKey, Lookup> lookups = new ConcurrentHashMap<>();
    /**
     * Tables that failed to load: a stored file is immutable, so one that cannot be read (or whose table
     * passes {@code max-table-bytes}, uploaded before that bound) is not read again for every report.
     */
    private final Set<SymbolCache.Key> unloadable = ConcurrentHashMap.newKeySet();

    private final java.util.concurrent.atomic.AtomicLong loads = new java.util.concurrent.atomic.AtomicLong();

    private record LookupKey(String account, DebugId debugId) {}

    private record Lookup(SymbolFileRepository.StoredRef ref, long expiresAtNanos) {}

    Symbolicator(SymbolFileRepository repository, SymbolSettings settings) {
        this.repository = repository;
        this.settings = settings;
        this.cache = new SymbolCache(settings.cacheMaxBytes());
    }

    /** Forgets which file is newest for the event's debug ids, and a deleted file's tables. */
    @Override
    public void onApplicationEvent(SymbolFilesChanged event) {
        for (DebugId id : event.debugIds()) {
            lookups.remove(new LookupKey(event.account().value(), id));
        }
        if (event.deleted()) {
            forget(event.account(), event.fileId());
        }
    }

    /** The newest file per debug id, remembered for the lookup TTL. */
    private Map<DebugId, SymbolFileRepository.StoredRef> newestFiles(AccountId account, Set<DebugId> ids) {
        long ttl = settings.lookupTtl().toNanos();
        if (ttl == 0) {
            return repository.newestFiles(account, ids);
        }
        long now = System.nanoTime();
        Map<DebugId, SymbolFileRepository.StoredRef> found = new HashMap<>();
        Set<DebugId> unknown = new LinkedHashSet<>();
        for (DebugId id : ids) {
            Lookup known = lookups.get(new LookupKey(account.value(), id));
            if (known != null && known.expiresAtNanos() - now > 0) {
                if (known.ref() != null) {
                    found.put(id, known.ref());
                }
            } else {
                unknown.add(id);
            }
        }
        if (!unknown.isEmpty()) {
            Map<DebugId, SymbolFileRepository.StoredRef> fresh = repository.newestFiles(account, unknown);
            if (lookups.size() > MAX_REMEMBERED_LOOKUPS) {
                lookups.clear(); // a bound, not an LRU: the next events simply query again
            }
            for (DebugId id : unknown) {
                lookups.put(new LookupKey(account.value(), id), new Lookup(fresh.get(id), now + ttl));
            }
            found.putAll(fresh);
        }
        return found;
    }

    /** Native frames: see {@link FrameSymbolication} for the address rules. */
    public NativeSymbolication symbolicate(AccountId account, List<DebugImage> images, List<NativeFrame> frames) {
        Set<DebugId> wanted = FrameSymbolication.debugIds(images);
        Map<DebugId, SymbolFileRepository.StoredRef> files = newestFiles(account, wanted);
        return FrameSymbolication.symbolicate(images, frames, id -> Optional.ofNullable(files.get(id))
                .flatMap(ref -> table(account, ref, id))
                .map(SymbolFiles.Loaded::nativeSymbols));
    }

    /** Java frames against the account's ProGuard/R8 mappings with these UUIDs (the event's {@code proguard} images). */
    public JavaDeobfuscation deobfuscate(AccountId account, List<String> mappingUuids, List<JavaFrameRef> frames) {
        Set<DebugId> ids = new LinkedHashSet<>();
        for (String uuid : mappingUuids) {
            try {
                ids.add(DebugId.parse(uuid));
            } catch (IllegalArgumentException e) {
                // a malformed uuid cannot name a file: nothing to load, nothing to report
            }
        }
        Map<DebugId, SymbolFileRepository.StoredRef> files = newestFiles(account, ids);
        List<ProguardMapping> mappings = new ArrayList<>();
        Set<String> missing = new TreeSet<>();
        for (DebugId id : ids) {
            Optional<ProguardMapping> mapping = Optional.ofNullable(files.get(id))
                    .filter(ref -> ref.format() == SymbolFormat.PROGUARD)
                    .flatMap(ref -> table(account, ref, id))
                    .map(SymbolFiles.Loaded::proguard);
            mapping.ifPresentOrElse(mappings::add, () -> missing.add(id.value()));
        }
        List<JavaDeobfuscation.Frame> out = new ArrayList<>(frames.size());
        for (int i = 0; i < frames.size(); i++) {
            JavaFrameRef frame = frames.get(i);
            List<ProguardMapping.JavaFrame> found = List.of();
            if (frame.module() != null && frame.function() != null) {
                for (ProguardMapping mapping : mappings) {
                    found = mapping.deobfuscate(frame.module(), frame.function(), Math.max(frame.lineno(), 0));
                    if (!found.isEmpty()) {
                        break;
                    }
                }
            }
            out.add(new JavaDeobfuscation.Frame(i, !found.isEmpty(), found));
        }
        return new JavaDeobfuscation(List.copyOf(out), List.copyOf(missing));
    }

    /** Drops a deleted file's tables from the cache. */
    private void forget(AccountId account, java.util.UUID fileId) {
        cache.evictFile(account.value(), fileId);
        unloadable.removeIf(
                k -> k.account().equals(account.value()) && k.fileId().equals(fileId));
    }

    /** How many times a stored file was read and parsed (cache misses), for tests. */
    long loads() {
        return loads.get();
    }

    private Optional<SymbolFiles.Loaded> table(AccountId account, SymbolFileRepository.StoredRef ref, DebugId id) {
        SymbolCache.Key key = new SymbolCache.Key(account.value(), ref.fileId(), id);
        if (unloadable.contains(key)) {
            return Optional.empty();
        }
        return cache.get(key, () -> repository.content(account, ref.fileId()).flatMap(bytes -> {
            loads.incrementAndGet();
            try {
                return Optional.of(
                        SymbolFiles.load(ref.format(), bytes, id, settings.archiveLimits(), settings.maxTableBytes()));
            } catch (SymbolFileException | ArchiveRejected | SymbolTableTooLarge e) {
                LOG.warn(
                        "stored symbol file {} of account {} cannot be loaded: {}",
                        ref.fileId(),
                        account,
                        e.getMessage());
                if (unloadable.size() >= MAX_REMEMBERED_UNLOADABLE) {
                    unloadable.clear(); // a bound, not an LRU: such files are rare
                }
                unloadable.add(key);
                return Optional.empty();
            }
        }));
    }
}
