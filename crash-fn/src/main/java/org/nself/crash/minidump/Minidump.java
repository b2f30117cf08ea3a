package org.nself.crash.minidump;

import java.util.List;
import java.util.Optional;
import org.nself.crash.symbolication.DebugId;

/**
 * What a minidump says about a crashed process: its system, the modules loaded (with the debug ids
 * their symbol files are keyed by), the threads with their registers and stacks, the exception, and
 * the memory it captured. Read by {@link MinidumpParser}; walked by {@link StackWalker}.
 */
public record Minidump(
        SystemInfo system, List<Module> modules, List<DumpThread> threads, ExceptionInfo exception, Memory memory) {

    /** {@code arch} is null for a CPU this walker does not know; {@code os} is Sentry's OS name. */
    public record SystemInfo(Arch arch, int cpuArchitecture, String os, String osVersion, int processors) {
        boolean windows() {
            return "Windows".equals(os);
        }
    }

    /**
     * A loaded module. {@code debugId} comes from its CodeView record (PDB 7.0 GUID and age) or its ELF
     * build id (Breakpad's {@code BpEL} record; Sentry's rule: the first 16 bytes as a little-endian
     * GUID, age 0); null when the dump has neither.
     */
    public record Module(long base, long size, String codeFile, DebugId debugId, String codeId, String debugFile) {
        public boolean contains(long address) {
            return Long.compareUnsigned(address, base) >= 0 && Long.compareUnsigned(address - base, size) < 0;
        }

        /** The id as Breakpad writes it in a {@code .sym} MODULE record and its symbol path. */
        public String breakpadId() {
            if (debugId == null) {
                return "000000000000000000000000000000000";
            }
            return debugId.breakpad();
        }
    }

    /** A thread: its id, the registers it stopped with, and its stack as the dump captured it. */
    public record DumpThread(long id, Registers context, StackMemory stack) {}

    /** The exception stream: the crashed thread, the signal or exception code, and its context. */
    public record ExceptionInfo(long threadId, long code, long flags, long address, Registers context) {}

    /** The memory ranges of the dump (MemoryList and Memory64List), read without copying. */
    public record Memory(List<StackMemory> ranges) {
        public long totalBytes() {
            return ranges.stream().mapToLong(StackMemory::length).sum();
        }
    }

    public Optional<ExceptionInfo> crash() {
        return Optional.ofNullable(exception);
    }

    /** The crashed thread, else the first one. */
    public Optional<DumpThread> crashedThread() {
        if (exception != null) {
            for (DumpThread t : threads) {
                if (t.id() == exception.threadId()) {
                    return Optional.of(t);
                }
            }
        }
        return threads.isEmpty() ? Optional.empty() : Optional.of(threads.get(0));
    }

    /** The module that holds {@code address}. */
    public Optional<Module> moduleAt(long address) {
        for (Module m : modules) {
            if (m.contains(address)) {
                return Optional.of(m);
            }
        }
        return Optional.empty();
    }
}
