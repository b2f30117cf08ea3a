package org.nself.crash.symbolication;

import java.util.List;

/** A table keyed by file addresses, looked up by module offset: the file's load address is added. */
record OffsetSymbols(NativeSymbols inner, long loadAddress) implements NativeSymbols {
    @Override
    public List<SourceFrame> lookup(long moduleOffset) {
        return inner.lookup(moduleOffset + loadAddress);
    }

    @Override
    public long estimatedBytes() {
        return inner.estimatedBytes() + 32;
    }
}
