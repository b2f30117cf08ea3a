package org.nself.crash.symbolication;

/**
 * One FUNC record of a Breakpad file with its line records (sorted by address, as primitive columns:
 * no object per record) and its INLINE records.
 */
record BreakpadFunction(
        long start,
        long end,
        String name,
        long[] lineStarts,
        long[] lineEnds,
        int[] lineNumbers,
        int[] lineFiles,
        BreakpadInlines inlines) {}
