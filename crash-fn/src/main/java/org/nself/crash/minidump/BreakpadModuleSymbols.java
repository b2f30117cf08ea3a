package org.nself.crash.minidump;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import org.nself.crash.symbolication.BreakpadSymbols;

/** A module's Breakpad {@code .sym} file as the walker reads it: its CFI, and its FUNC/PUBLIC table. */
public record BreakpadModuleSymbols(CfiRules cfi, BreakpadSymbols functions) implements ModuleSymbols {
    public static BreakpadModuleSymbols parse(byte[] symbolFile) {
        return new BreakpadModuleSymbols(
                CfiRules.fromSymbolFile(new String(symbolFile, StandardCharsets.UTF_8)),
                BreakpadSymbols.parse(symbolFile));
    }

    @Override
    public Optional<Map<String, String>> cfiAt(long offset) {
        return cfi.rulesAt(offset);
    }

    @Override
    public boolean hasFunctionAt(long offset) {
        return !functions.lookup(offset).isEmpty();
    }
}
