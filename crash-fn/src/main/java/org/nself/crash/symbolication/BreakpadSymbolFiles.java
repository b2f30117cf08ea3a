package org.nself.crash.symbolication;

import jakarta.inject.Singleton;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import org.nself.shared.tenancy.AccountId;

/**
 * The stored Breakpad {@code .sym} files of an account by debug id (the newest for each), as bytes: the
 * minidump stack walker reads their {@code STACK CFI} records, which the symbolicator's tables do not keep.
 */
@Singleton
public record BreakpadSymbolFiles(SymbolFileRepository repository) {
    public Map<DebugId, byte[]> contents(AccountId account, Collection<DebugId> debugIds) {
        Map<DebugId, byte[]> out = new HashMap<>();
        repository.newestFiles(account, debugIds).forEach((id, ref) -> {
            if (ref.format() == SymbolFormat.BREAKPAD) {
                repository.content(account, ref.fileId()).ifPresent(bytes -> out.put(id, bytes));
            }
        });
        return out;
    }
}
