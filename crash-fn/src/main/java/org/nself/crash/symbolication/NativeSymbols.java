package org.nself.crash.symbolication;

import java.util.List;

/** Function (and where known, source line) lookup by an address relative to a module. */
interface NativeSymbols {
    /**
     * The frames at {@code address} in stack order, as Sentry's {@code frames[]}: the outermost
     * (real, non-inlined) function first and the innermost inlined one last. Empty when no symbol
     * covers the address.
     */
    List<SourceFrame> lookup(long address);

    /** A rough count of heap bytes this table holds, for the cache's memory bound. */
    long estimatedBytes();
}
