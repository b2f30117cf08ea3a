package org.nself.crash.symbolication;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class SymbolCacheTest {
    private static SymbolFiles.Loaded table(long bytes) {
        return new SymbolFiles.Loaded(
                new NativeSymbols() {
                    @Override
                    public List<SourceFrame> lookup(long address) {
                        return List.of();
                    }

                    @Override
                    public long estimatedBytes() {
                        return bytes;
                    }
                },
                null);
    }

    private static SymbolCache.Key key(int n) {
        return new SymbolCache.Key("a", new UUID(0, n), new DebugId("00000000-0000-0000-0000-00000000000" + n));
    }

    @Test
    void secondLookupOfATableDoesNotLoadItAgain() {
        SymbolCache cache = new SymbolCache(1000);
        AtomicInteger loads = new AtomicInteger();

        cache.get(key(1), () -> {
            loads.incrementAndGet();
            return Optional.of(table(100));
        });
        cache.get(key(1), () -> {
            loads.incrementAndGet();
            return Optional.of(table(100));
        });

        assertThat(loads).hasValue(1);
    }

    @Test
    void leastRecentlyUsedTablesLeaveWhenTheMemoryBoundIsPassed() {
        SymbolCache cache = new SymbolCache(1000);
        cache.put(key(1), table(400));
        cache.put(key(2), table(400));
        cache.get(key(1), Optional::empty);
        cache.put(key(3), table(400));

        assertThat(cache.bytes()).isEqualTo(800);
        assertThat(cache.get(key(2), Optional::empty)).isEmpty();
        assertThat(cache.get(key(1), Optional::empty)).isPresent();
        assertThat(cache.get(key(3), Optional::empty)).isPresent();
    }

    @Test
    void tableLargerThanTheBoundIsServedButNotKept() {
        SymbolCache cache = new SymbolCache(1000);

        assertThat(cache.get(key(1), () -> Optional.of(table(5000)))).isPresent();
        assertThat(cache.size()).isZero();
    }

    @Test
    void deletedFileLeavesTheCache() {
        SymbolCache cache = new SymbolCache(1000);
        cache.put(key(1), table(100));
        cache.put(key(2), table(100));

        cache.evictFile("a", new UUID(0, 1));

        assertThat(cache.size()).isEqualTo(1);
        assertThat(cache.bytes()).isEqualTo(100);
    }
}
