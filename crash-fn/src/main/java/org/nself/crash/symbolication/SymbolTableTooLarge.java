package org.nself.crash.symbolication;

/**
 * A symbol file whose parsed table would not fit the cache's bound: refused at upload (413) rather than
 * parsed anew for every report that needs it. Parsers that can tell early stop at the bound.
 */
final class SymbolTableTooLarge extends RuntimeException {
    private final long estimatedBytes;

    SymbolTableTooLarge(long estimatedBytes, long limit) {
        super(
                "the parsed symbol table would need about " + estimatedBytes + " bytes of memory, more than the "
                        + limit + " bytes one table may hold (nself.crash.symbols.max-table-bytes)",
                null,
                false,
                false);
        this.estimatedBytes = estimatedBytes;
    }

    /** The estimate when the parse stopped: just past the limit for a parser that checks as it goes. */
    long estimatedBytes() {
        return estimatedBytes;
    }

    /** Throws when {@code estimatedBytes} passes {@code limit}. */
    static void check(long estimatedBytes, long limit) {
        if (estimatedBytes > limit) {
            throw new SymbolTableTooLarge(estimatedBytes, limit);
        }
    }
}
