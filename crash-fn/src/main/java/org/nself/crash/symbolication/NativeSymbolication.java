package org.nself.crash.symbolication;

import java.util.List;

/** Every input frame's result, in input order, and the debug ids the account has no symbols for (sorted). */
public record NativeSymbolication(List<SymbolicatedFrame> frames, List<String> missingDebugIds) {
    public boolean complete() {
        return missingDebugIds.isEmpty();
    }
}
