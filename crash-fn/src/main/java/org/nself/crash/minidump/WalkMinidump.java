package org.nself.crash.minidump;

import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.nself.crash.symbolication.BreakpadSymbolFiles;
import org.nself.crash.symbolication.DebugId;
import org.nself.shared.tenancy.AccountId;

/**
 * Walks every thread of a dump (at most {@link #MAX_THREADS}) with the account's stored Breakpad files of
 * its modules: the crashed thread from the exception's context, the others from their own.
 */
@Singleton
public record WalkMinidump(BreakpadSymbolFiles symbolFiles) {
    static final int MAX_THREADS = 256;

    public List<MinidumpEvent.ThreadStack> walk(AccountId account, Minidump dump) {
        Set<DebugId> ids = dump.modules().stream()
                .map(Minidump.Module::debugId)
                .filter(id -> id != null)
                .collect(Collectors.toSet());
        Map<DebugId, byte[]> files = symbolFiles.contents(account, ids);
        Map<DebugId, Optional<ModuleSymbols>> parsed = new HashMap<>();
        java.util.function.Function<Minidump.Module, Optional<ModuleSymbols>> symbols = m ->
                m.debugId() == null ? Optional.empty() : parsed.computeIfAbsent(m.debugId(), id -> load(files.get(id)));
        Long crashed = dump.crash().map(Minidump.ExceptionInfo::threadId).orElse(null);
        List<MinidumpEvent.ThreadStack> stacks = new ArrayList<>();
        for (Minidump.DumpThread thread :
                dump.threads().subList(0, Math.min(MAX_THREADS, dump.threads().size()))) {
            Registers context = thread.context();
            if (crashed != null && thread.id() == crashed && dump.exception().context() != null) {
                context = dump.exception().context();
            }
            stacks.add(new MinidumpEvent.ThreadStack(thread.id(), StackWalker.walk(dump, thread, context, symbols)));
        }
        return stacks;
    }

    private static Optional<ModuleSymbols> load(byte[] file) {
        if (file == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(BreakpadModuleSymbols.parse(file));
        } catch (RuntimeException e) {
            // a stored file the readers refuse (malformed, over the table bound) walks like no symbols
            return Optional.empty();
        }
    }
}
