package org.nself.crash.symbolication;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Function names by address from an object file's symbol table (ELF, Mach-O): no line information.
 * A symbol with a size covers {@code [address, address + size)}; a symbol without one (Mach-O has no
 * sizes) extends to the next symbol's address, the last one to the end of its section or segment.
 * Several names at one address (aliases) resolve to the one the reader ranked first.
 */
final class AddressSymbols implements NativeSymbols {
    private final long[] starts;
    private final long[] ends;
    private final String[] names;
    private final long[] maxEndUpTo;
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
        maxEndUpTo = new long[n];
        long chars = 0;
        long maxEnd = Long.MIN_VALUE;
        for (int i = 0; i < n; i++) {
            Symbol s = unique.get(i);
            starts[i] = s.address();
            names[i] = s.name();
            long end;
            if (s.size() > 0) {
                end = s.address() + s.size();
            } else {
                long next = i + 1 < n ? unique.get(i + 1).address() : Long.MAX_VALUE;
                end = Math.min(next, s.limit() > s.address() ? s.limit() : Long.MAX_VALUE);
            }
            ends[i] = end;
            maxEnd = Math.max(maxEnd, end);
            maxEndUpTo[i] = maxEnd;
            chars += s.name().length();
        }
        estimatedBytes = 128L + n * 80L + chars * 2L;
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
        int last = BreakpadSymbols.upperBound(starts, address) - 1;
        for (int i = last; i >= 0 && maxEndUpTo[i] > address; i--) {
            if (address < ends[i]) {
                return List.of(new SourceFrame(names[i], null, 0, false));
            }
        }
        return List.of();
    }

    @Override
    public long estimatedBytes() {
        return estimatedBytes;
    }
}
