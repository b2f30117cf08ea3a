package org.nself.crash.minidump;

import java.util.List;
import java.util.Set;

/**
 * The CPUs whose dumps are walked, with the register names Breakpad's {@code STACK CFI} records use
 * for them (so CFI rules, contexts and frames share one vocabulary), and Breakpad's choice of which
 * registers a callee preserves (kept in the caller when a CFI rule set does not mention them).
 */
public enum Arch {
    AMD64(
            "x86_64",
            List.of(
                    "$rax", "$rdx", "$rcx", "$rbx", "$rsi", "$rdi", "$rbp", "$rsp", "$r8", "$r9", "$r10", "$r11",
                    "$r12", "$r13", "$r14", "$r15", "$rip"),
            "$rip",
            "$rsp",
            "$rbp",
            null,
            Set.of("$rbx", "$rbp", "$r12", "$r13", "$r14", "$r15"),
            1),
    ARM64(
            "arm64",
            List.of(
                    "x0", "x1", "x2", "x3", "x4", "x5", "x6", "x7", "x8", "x9", "x10", "x11", "x12", "x13", "x14",
                    "x15", "x16", "x17", "x18", "x19", "x20", "x21", "x22", "x23", "x24", "x25", "x26", "x27", "x28",
                    "x29", "x30", "sp", "pc"),
            "pc",
            "sp",
            "x29",
            "x30",
            Set.of("x19", "x20", "x21", "x22", "x23", "x24", "x25", "x26", "x27", "x28", "x29"),
            4);

    private final String sentryName;
    private final List<String> registers;
    private final String pc;
    private final String sp;
    private final String fp;
    private final String lr;
    private final Set<String> calleeSaved;
    private final int callSize;

    Arch(
            String sentryName,
            List<String> registers,
            String pc,
            String sp,
            String fp,
            String lr,
            Set<String> calleeSaved,
            int callSize) {
        this.sentryName = sentryName;
        this.registers = registers;
        this.pc = pc;
        this.sp = sp;
        this.fp = fp;
        this.lr = lr;
        this.calleeSaved = calleeSaved;
        this.callSize = callSize;
    }

    /** The name Sentry's {@code arch} fields use. */
    public String sentryName() {
        return sentryName;
    }

    List<String> registers() {
        return registers;
    }

    String pc() {
        return pc;
    }

    String sp() {
        return sp;
    }

    String fp() {
        return fp;
    }

    /** The link register, or null where the return address is on the stack. */
    String lr() {
        return lr;
    }

    boolean calleeSaved(String register) {
        return calleeSaved.contains(register);
    }

    /**
     * How far before a return address the caller's frame is looked up: a byte into the call
     * instruction on x86_64, the whole (fixed-size) call instruction on arm64, as Breakpad does.
     */
    int callSize() {
        return callSize;
    }
}
