package org.nself.crash.symbolication;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Function names by address from an object file's symbol table (ELF, Mach-O): no line information.
 * A symbol with a size covers {@code [address, address + size)}; a symbol without one (Mach-O has no
 * sizes) extends to the next symbol's address, the last one to the end of its section or segment.
 * Several names at one address (aliases) resolve to the one the reader ranked first; among overlapping
 * symbols the one starting last wins. A size is unsigned: one past the top of the address space ends
 * there. Lookups are O(log n) whatever the overlaps ({@link CoveringIndex}).
 */
final class AddressSymbols implements NativeSymbols {
    private final long[] starts;
    private final long[] ends;
    private final String[] names;
    /** Heap per symbol besides its name's characters: arrays, the String object, the index. */
    static final long BYTES_PER_SYMBOL = 80L + CoveringIndex.BYTES_PER_RANGE;

    private final CoveringIndex covering;
    private final long estimatedBytes;

    /** One symbol; {@code size} 0 means unknown, {@code rank} orders aliases (lower wins). */
    public record Symbol(long address, long size, String name, int rank, long limit) {}

    public AddressSymbols(List<Symbol> symbols) {
        List<Symbol> sorted = new ArrayList<>(symbols);
        sorted.sort(Comparator.comparingLong(Symbol::address)
                .thenComparingInt(Symbol::rank)
                .thenComparing(Symbol::name));
        List<Symbol> unique = new ArrayList<>(sorted.size());
        for (Symbol s : sorted) {
            if (unique.isEmpty() || unique.get(unique.size() - 1).address() != s.address()) {
                unique.add(s);
            }
        }
        int n = unique.size();
        starts = new long[n];
        ends = new long[n];
        names = new String[n];
        long chars = 0;
        for (int i = 0; i < n; i++) {
            Symbol s = unique.get(i);
            starts[i] = s.address();
            names[i] = s.name();
            long end;
            if (s.size() != 0) {
                end = CoveringIndex.end(s.address(), s.size());
            } else {
                long next = i + 1 < n ? unique.get(i + 1).address() : Long.MAX_VALUE;
                end = Math.min(next, s.limit() > s.address() ? s.limit() : Long.MAX_VALUE);
            }
            ends[i] = end;
            chars += s.name().length();
        }
        covering = CoveringIndex.of(starts, ends);
        estimatedBytes = 128L + n * BYTES_PER_SYMBOL + chars * 2L;
    }

    /** Collects an object file's symbols; the file is refused once its table passes {@code maxTableBytes}. */
    static final class Builder {
        private final long maxTableBytes;
        private final List<Symbol> symbols = new ArrayList<>();
        private long estimate = 128;

        Builder(long maxTableBytes) {
            this.maxTableBytes = maxTableBytes;
        }

        void add(long address, long size, String name, int rank, long limit) {
            symbols.add(new Symbol(address, size, name, rank, limit));
            estimate += BYTES_PER_SYMBOL + 2L * name.length();
            SymbolTableTooLarge.check(estimate, maxTableBytes);
        }

        AddressSymbols build() {
            return new AddressSymbols(symbols);
        }
    }

    public int size() {
        return starts.length;
    }

    /** The symbol names in address order (aliases removed). */
    public List<String> names() {
        return List.of(names);
    }

    /** The start address of the symbol at {@code index} in {@link #names()} order. */
    public long address(int index) {
        return starts[index];
    }

    @Override
    public List<SourceFrame> lookup(long address) {
        int i = covering.find(address);
        return i < 0 ? List.of() : List.of(new SourceFrame(names[i], null, 0, false));
    }

    @Override
    public long estimatedBytes() {
        return estimatedBytes;
    }
}
