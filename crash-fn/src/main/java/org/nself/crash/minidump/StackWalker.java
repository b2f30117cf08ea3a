package org.nself.crash.minidump;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.function.Function;

/**
 * Walks one thread's stack the way Breakpad's processor does, for x86_64 and arm64: from the context
 * frame, each caller is found by the module's CFI (uploaded {@code STACK CFI} records), else by the
 * frame pointer ({@code rbp} chain, not on Windows; {@code x29} chain), else by scanning the stack for
 * a word that points into a module's code (into a function when that module has symbols). The walk
 * stops when no method finds a caller, when the caller's pc is in the first page, or when the stack
 * pointer does not move up; and after {@link #MAX_FRAMES} frames. Memory is the thread's stack as the
 * dump captured it.
 *
 * <p>Not done: Breakpad's Windows x64 leaf-function rule (simulating a return), and walking with
 * Windows {@code STACK WIN} records.
 */
public final class StackWalker {
    /** The most frames one stack keeps (Sentry's SDKs cap stacks far lower; Breakpad at a million). */
    public static final int MAX_FRAMES = 1024;

    private static final int SCAN_WORDS = 40;
    private static final long PAGE = 1 << 12;

    private final Minidump dump;
    private final Arch arch;
    private final StackMemory memory;
    private final Function<Minidump.Module, Optional<ModuleSymbols>> symbols;
    private final Map<Minidump.Module, Optional<ModuleSymbols>> loaded = new HashMap<>();
    private final long addressMask;

    private StackWalker(Minidump dump, StackMemory memory, Function<Minidump.Module, Optional<ModuleSymbols>> symbols) {
        this.dump = dump;
        this.arch = dump.system().arch();
        this.memory = memory;
        this.symbols = symbols;
        long highest = 0;
        for (Minidump.Module m : dump.modules()) {
            highest = Math.max(highest, m.base() + m.size());
        }
        // arm64 pointer authentication codes live in the bits above the highest module address
        this.addressMask = highest == 0 ? -1L : -1L >>> Long.numberOfLeadingZeros(highest);
    }

    /**
     * The frames of {@code thread}, innermost first, starting from {@code context} (the exception's
     * context for the crashed thread, the thread's own otherwise).
     */
    public static List<WalkedFrame> walk(
            Minidump dump,
            Minidump.DumpThread thread,
            Registers context,
            Function<Minidump.Module, Optional<ModuleSymbols>> symbols) {
        if (dump.system().arch() == null || context == null) {
            return List.of();
        }
        StackWalker walker = new StackWalker(dump, thread.stack(), symbols);
        return walker.walk(walker.contextFrame(context));
    }

    private WalkedFrame contextFrame(Registers context) {
        Registers registers = context;
        if (arch == Arch.ARM64) {
            registers = context.next(Map.of(arch.lr(), strip(context.raw(arch.lr()))), context.valid());
        }
        return new WalkedFrame(registers.pc(), FrameTrust.CONTEXT, module(registers.pc()), registers);
    }

    private List<WalkedFrame> walk(WalkedFrame first) {
        List<WalkedFrame> frames = new ArrayList<>();
        WalkedFrame frame = first;
        while (frame != null) {
            frames.add(frame);
            if (frames.size() >= MAX_FRAMES) {
                break;
            }
            frame = caller(frames);
        }
        return List.copyOf(frames);
    }

    private WalkedFrame caller(List<WalkedFrame> frames) {
        WalkedFrame last = frames.get(frames.size() - 1);
        Registers found = null;
        FrameTrust trust = null;
        Optional<Map<String, String>> rules = last.module() == null
                ? Optional.empty()
                : symbolsOf(last.module())
                        .flatMap(s -> s.cfiAt(last.instruction() - last.module().base()));
        if (rules.isPresent()) {
            found = byCfi(last.registers(), rules.get());
            trust = FrameTrust.CFI;
        }
        if (found == null && !(arch == Arch.AMD64 && dump.system().windows())) {
            found = arch == Arch.AMD64 ? byRbp(last.registers()) : byX29(frames, last.registers());
            trust = FrameTrust.FP;
        }
        if (found == null) {
            found = byScan(last);
            trust = FrameTrust.SCAN;
        }
        if (found == null) {
            return null;
        }
        long pc = found.pc();
        boolean firstUnwind = last.trust() == FrameTrust.CONTEXT;
        long callerSp = found.sp();
        long calleeSp = last.registers().sp();
        int spOrder = Long.compareUnsigned(callerSp, calleeSp);
        if (Long.compareUnsigned(pc, PAGE) < 0 || (firstUnwind ? spOrder < 0 : spOrder <= 0)) {
            return null;
        }
        long instruction = pc - arch.callSize();
        return new WalkedFrame(instruction, trust, module(instruction), found);
    }

    /** The caller's registers by the CFI rules: Breakpad's CFIFrameInfo and its register map. */
    private Registers byCfi(Registers callee, Map<String, String> rules) {
        String cfaRule = rules.get(".cfa");
        String raRule = rules.get(".ra");
        if (cfaRule == null || raRule == null) {
            return null;
        }
        Map<String, Long> variables = callee.validValues();
        OptionalLong cfa = Postfix.evaluate(cfaRule, variables, memory);
        if (cfa.isEmpty()) {
            return null;
        }
        variables.put(".cfa", cfa.getAsLong());
        OptionalLong ra = Postfix.evaluate(raRule, variables, memory);
        if (ra.isEmpty()) {
            return null;
        }
        Map<String, Long> caller = new HashMap<>();
        for (Map.Entry<String, String> rule : rules.entrySet()) {
            if (!rule.getKey().startsWith(".")) {
                Postfix.evaluate(rule.getValue(), variables, memory).ifPresent(v -> caller.put(rule.getKey(), v));
            }
        }
        Map<String, Long> values = new HashMap<>();
        Set<String> valid = new LinkedHashSet<>();
        for (String register : arch.registers()) {
            Long value = caller.get(register);
            if (value == null && register.equals(arch.sp())) {
                value = cfa.getAsLong();
            } else if (value == null && register.equals(arch.pc())) {
                value = ra.getAsLong();
            } else if (value == null && arch.calleeSaved(register)) {
                value = callee.get(register).orElse(null);
            }
            if (value != null) {
                values.put(register, value);
                valid.add(register);
            }
        }
        if (arch == Arch.AMD64 && (values.get(arch.pc()) == 0 || values.get(arch.sp()) == 0)) {
            return null;
        }
        if (arch == Arch.ARM64) {
            values.put(arch.pc(), strip(values.get(arch.pc())));
        }
        return new Registers(arch, values, valid);
    }

    /** x86_64: caller rip at rbp+8, its rbp at rbp, its rsp rbp+16, with Breakpad's sanity checks. */
    private Registers byRbp(Registers callee) {
        long rbp = callee.raw("$rbp");
        if (rbp % 8 != 0) {
            return null;
        }
        OptionalLong rip = memory.word(rbp + 8);
        OptionalLong callerRbp = memory.word(rbp);
        if (rip.isEmpty() || callerRbp.isEmpty()) {
            return null;
        }
        long rsp = rbp + 16;
        long r = rip.getAsLong();
        boolean nonCanonical =
                Long.compareUnsigned(r, 0x7FFFFFFFFFFFL) > 0 && Long.compareUnsigned(r, 0xFFFF800000000000L) < 0;
        if (nonCanonical
                || Long.compareUnsigned(rsp, rbp) <= 0
                || Long.compareUnsigned(callerRbp.getAsLong(), rsp) < 0
                || memory.word(callerRbp.getAsLong()).isEmpty()) {
            return null;
        }
        return callee.next(
                Map.of("$rip", r, "$rsp", rsp, "$rbp", callerRbp.getAsLong()), Set.of("$rip", "$rsp", "$rbp"));
    }

    /** arm64: the caller's pc is the callee's lr; its fp and lr are saved at x29, its sp is x29+16. */
    private Registers byX29(List<WalkedFrame> frames, Registers callee) {
        long lr = callee.raw("x30");
        if (!callee.valid().contains("x30")) {
            lr = correctedLr(frames, callee, lr);
        }
        long fp = callee.raw("x29");
        long callerFp = 0;
        long callerLr = 0;
        if (fp != 0) {
            OptionalLong savedFp = memory.word(fp);
            OptionalLong savedLr = memory.word(fp + 8);
            if (savedFp.isEmpty() || savedLr.isEmpty()) {
                return null;
            }
            callerFp = savedFp.getAsLong();
            callerLr = strip(savedLr.getAsLong());
        }
        long sp = fp != 0 ? fp + 16 : callee.raw("sp");
        return callee.next(
                Map.of("x29", callerFp, "sp", sp, "pc", lr, "x30", callerLr), Set.of("pc", "x30", "x29", "sp"));
    }

    /** Breakpad's fix for a frame whose lr is unknown: read it from the frame record two frames up. */
    private long correctedLr(List<WalkedFrame> frames, Registers callee, long lr) {
        if (frames.size() < 2 || Long.compareUnsigned(callee.raw("x29"), callee.raw("sp")) <= 0) {
            return lr;
        }
        long outerFp = frames.get(frames.size() - 2).registers().raw("x29");
        if (outerFp == 0) {
            return lr;
        }
        OptionalLong fp = memory.word(outerFp);
        if (fp.isEmpty() || fp.getAsLong() != callee.raw("x29")) {
            return lr;
        }
        OptionalLong saved = memory.word(outerFp + 8);
        return saved.isPresent() ? strip(saved.getAsLong()) : lr;
    }

    /** The first stack word from sp up that points just after a call into a module's code. */
    private Registers byScan(WalkedFrame last) {
        Registers callee = last.registers();
        long sp = callee.sp();
        int words = last.trust() == FrameTrust.CONTEXT ? SCAN_WORDS * 4 : SCAN_WORDS;
        for (int i = 0; i <= words; i++) {
            long location = sp + 8L * i;
            OptionalLong word = memory.word(location);
            if (word.isEmpty()) {
                return null;
            }
            long ip = word.getAsLong();
            if (seemsValid(ip - 1)) {
                return scanned(callee, location, ip);
            }
        }
        return null;
    }

    private Registers scanned(Registers callee, long location, long ip) {
        if (arch == Arch.ARM64) {
            return callee.next(Map.of("pc", ip, "sp", location + 8), Set.of("pc", "sp"));
        }
        Map<String, Long> changes = new HashMap<>(Map.of("$rip", ip, "$rsp", location + 8));
        Set<String> valid = new LinkedHashSet<>(Set.of("$rip", "$rsp"));
        if (callee.valid().contains("$rbp")) {
            long rbp = callee.raw("$rbp");
            if (location - 8 == rbp) {
                OptionalLong saved = memory.word(rbp);
                if (saved.isPresent() && Long.compareUnsigned(saved.getAsLong(), location) > 0) {
                    changes.put("$rbp", saved.getAsLong());
                    valid.add("$rbp");
                }
            } else if (Long.compareUnsigned(rbp, location + 8) >= 0) {
                valid.add("$rbp");
            }
        }
        return callee.next(changes, valid);
    }

    /** Breakpad's test for a scanned address: in a module, and in a function if it has symbols. */
    private boolean seemsValid(long address) {
        Minidump.Module m = module(address);
        if (m == null) {
            return false;
        }
        Optional<ModuleSymbols> s = symbolsOf(m);
        return s.isEmpty() || s.get().hasFunctionAt(address - m.base());
    }

    private long strip(long pointer) {
        long stripped = pointer & addressMask;
        return module(stripped) != null ? stripped : pointer;
    }

    private Minidump.Module module(long address) {
        return dump.moduleAt(address).orElse(null);
    }

    private Optional<ModuleSymbols> symbolsOf(Minidump.Module module) {
        return loaded.computeIfAbsent(module, symbols);
    }
}
