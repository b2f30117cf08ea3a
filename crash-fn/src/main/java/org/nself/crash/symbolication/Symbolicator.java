package org.nself.crash.symbolication;

import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.nself.shared.tenancy.AccountId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Symbolicates an event's frames with the account's symbol files: one query finds the newest file
 * per debug id, tables come from the memory-bounded cache (parsed on a miss). Thread-safe; callable
 * inside or outside a transaction.
 */
@Singleton
public final class Symbolicator {
    private static final Logger LOG = LoggerFactory.getLogger(Symbolicator.class);

    private final SymbolFileRepository repository;
    private final SymbolSettings settings;
    private final SymbolCache cache;

    Symbolicator(SymbolFileRepository repository, SymbolSettings settings) {
        this.repository = repository;
        this.settings = settings;
        this.cache = new SymbolCache(settings.cacheMaxBytes());
    }

    /** Native frames: see {@link FrameSymbolication} for the address rules. */
    public NativeSymbolication symbolicate(AccountId account, List<DebugImage> images, List<NativeFrame> frames) {
        Set<DebugId> wanted = FrameSymbolication.debugIds(images);
        Map<DebugId, SymbolFileRepository.StoredRef> files = repository.newestFiles(account, wanted);
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
        Map<DebugId, SymbolFileRepository.StoredRef> files = repository.newestFiles(account, ids);
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
    void forget(AccountId account, java.util.UUID fileId) {
        cache.evictFile(account.value(), fileId);
    }

    long cachedBytes() {
        return cache.bytes();
    }

    private Optional<SymbolFiles.Loaded> table(AccountId account, SymbolFileRepository.StoredRef ref, DebugId id) {
        SymbolCache.Key key = new SymbolCache.Key(account.value(), ref.fileId(), id);
        return cache.get(key, () -> repository.content(account, ref.fileId()).flatMap(bytes -> {
            try {
                return Optional.of(SymbolFiles.load(ref.format(), bytes, id, settings.archiveLimits()));
            } catch (SymbolFileException | ArchiveRejected e) {
                LOG.warn(
                        "stored symbol file {} of account {} cannot be loaded: {}",
                        ref.fileId(),
                        account,
                        e.getMessage());
                return Optional.empty();
            }
        }));
    }
}
