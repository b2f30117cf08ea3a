package org.nself.crash.symbolication;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.TreeMap;

/**
 * A FUNC's INLINE records by level: per level a {@link CoveringIndex} over its ranges, so the chain
 * at an address costs O(levels × log ranges) however many records there are. Levels nest; at one
 * level a valid file's ranges do not overlap (a hostile file's overlapping ones give the last-starting).
 */
record BreakpadInlines(Inline[][] owners, CoveringIndex[] indexes) {
    static final BreakpadInlines NONE = new BreakpadInlines(new Inline[0][], new CoveringIndex[0]);

    /** One INLINE record: {@code ranges} holds address/size pairs. */
    record Inline(int level, int callLine, int callFile, int origin, long[] ranges) {}

    static BreakpadInlines of(List<Inline> inlines) {
        if (inlines.isEmpty()) {
            return NONE;
        }
        record Range(long start, long end, Inline owner) {}
        TreeMap<Integer, List<Range>> byLevel = new TreeMap<>();
        for (Inline inline : inlines) {
            List<Range> ranges = byLevel.computeIfAbsent(inline.level(), k -> new ArrayList<>());
            long[] r = inline.ranges();
            for (int i = 0; i < r.length; i += 2) {
                ranges.add(new Range(r[i], CoveringIndex.end(r[i], r[i + 1]), inline));
            }
        }
        Inline[][] owners = new Inline[byLevel.size()][];
        CoveringIndex[] indexes = new CoveringIndex[byLevel.size()];
        int l = 0;
        for (List<Range> ranges : byLevel.values()) {
            ranges.sort(Comparator.comparingLong(Range::start));
            long[] starts = new long[ranges.size()];
            long[] ends = new long[ranges.size()];
            owners[l] = new Inline[ranges.size()];
            for (int i = 0; i < ranges.size(); i++) {
                starts[i] = ranges.get(i).start();
                ends[i] = ranges.get(i).end();
                owners[l][i] = ranges.get(i).owner();
            }
            indexes[l++] = CoveringIndex.of(starts, ends);
        }
        return new BreakpadInlines(owners, indexes);
    }

    /** The inlines holding {@code address}, outermost level first. */
    List<Inline> chain(long address) {
        List<Inline> chain = List.of();
        for (int l = 0; l < indexes.length; l++) {
            int i = indexes[l].find(address);
            if (i >= 0) {
                if (chain.isEmpty()) {
                    chain = new ArrayList<>(2);
                }
                chain.add(owners[l][i]);
            }
        }
        return chain;
    }
}
