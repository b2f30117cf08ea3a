package org.nself.crash.symbolication;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * A parsed Breakpad {@code .sym} file and its address lookup.
 *
 * <p>Rules: a FUNC record that holds the address beats any PUBLIC record; among overlapping FUNC
 * records the one starting last (the most specific) wins; a FUNC of size 0 holds no address. A PUBLIC
 * record extends from its address to the next PUBLIC or FUNC address, the last one to the end of the
 * module (the caller bounds addresses by the image size). INLINE records expand one address into the
 * function and every inlined call at it, outermost first. STACK records are checked and counted; the
 * unwinder that would use them is the client's.
 */
public final class BreakpadSymbols implements NativeSymbols {
    /** The deepest INLINE level read: a chain has one frame per level. */
    static final int MAX_INLINE_LEVEL = BreakpadParser.MAX_INLINE_LEVEL;

    private final Module module;
    private final String codeId;
    private final String codeFile;
    private final BreakpadFunction[] funcs;
    private final long[] funcStarts;
    private final CoveringIndex funcIndex;
    private final long[] publicAddresses;
    private final String[] publicNames;
    private final Map<Integer, String> files;
    private final Map<Integer, String> origins;
    private final int stackRecords;
    private final long estimatedBytes;

    /** The MODULE record: {@code MODULE <os> <arch> <id> <name>}. */
    public record Module(String os, String arch, DebugId debugId, String name) {}

    private BreakpadSymbols(BreakpadParser p) {
        this.module = p.module;
        this.codeId = p.codeId;
        this.codeFile = p.codeFile;
        List<BreakpadFunction> sorted = new ArrayList<>(p.funcs);
        sorted.sort(Comparator.comparingLong(BreakpadFunction::start));
        this.funcs = sorted.toArray(new BreakpadFunction[0]);
        this.funcStarts = new long[funcs.length];
        long[] funcEnds = new long[funcs.length];
        for (int i = 0; i < funcs.length; i++) {
            funcStarts[i] = funcs[i].start();
            funcEnds[i] = funcs[i].end();
        }
        this.funcIndex = CoveringIndex.of(funcStarts, funcEnds);
        List<BreakpadParser.Public> publics = new ArrayList<>(p.publics);
        publics.sort(Comparator.comparingLong(BreakpadParser.Public::address));
        this.publicAddresses = new long[publics.size()];
        this.publicNames = new String[publics.size()];
        for (int i = 0; i < publics.size(); i++) {
            publicAddresses[i] = publics.get(i).address();
            publicNames[i] = publics.get(i).name();
        }
        this.files = Map.copyOf(p.files);
        this.origins = Map.copyOf(p.origins);
        this.stackRecords = p.stackRecords;
        this.estimatedBytes = p.estimate();
    }

    public static BreakpadSymbols parse(byte[] content) {
        return parse(content, Long.MAX_VALUE);
    }

    /** Parses in one pass ({@link BreakpadParser}); stops with {@link SymbolTableTooLarge} past {@code maxTableBytes}. */
    public static BreakpadSymbols parse(byte[] content, long maxTableBytes) {
        return parse(new String(content, StandardCharsets.UTF_8), maxTableBytes);
    }

    public static BreakpadSymbols parse(String text) {
        return parse(text, Long.MAX_VALUE);
    }

    static BreakpadSymbols parse(String text, long maxTableBytes) {
        return new BreakpadSymbols(BreakpadParser.read(text, maxTableBytes));
    }

    /** True when the content starts like a Breakpad symbol file. */
    public static boolean looksLikeBreakpad(byte[] content) {
        byte[] magic = "MODULE ".getBytes(StandardCharsets.US_ASCII);
        int offset = content.length >= 3
                        && (content[0] & 0xff) == 0xef
                        && (content[1] & 0xff) == 0xbb
                        && (content[2] & 0xff) == 0xbf
                ? 3
                : 0;
        if (content.length < offset + magic.length) {
            return false;
        }
        return Arrays.equals(content, offset, offset + magic.length, magic, 0, magic.length);
    }

    public Module module() {
        return module;
    }

    /** From {@code INFO CODE_ID <id> [<file>]}; null when absent. */
    public String codeId() {
        return codeId;
    }

    public String codeFile() {
        return codeFile;
    }

    public int functionCount() {
        return funcs.length;
    }

    public int publicCount() {
        return publicAddresses.length;
    }

    /** The FUNC index's segments: at most twice the FUNCs, however they overlap. */
    int coveringSegments() {
        return funcIndex.segments();
    }

    public int stackRecordCount() {
        return stackRecords;
    }

    @Override
    public long estimatedBytes() {
        return estimatedBytes;
    }

    @Override
    public List<SourceFrame> lookup(long address) {
        int covering = funcIndex.find(address);
        if (covering >= 0) {
            return frames(funcs[covering], address);
        }
        int last = CoveringIndex.upperBound(funcStarts, address) - 1;
        int pub = CoveringIndex.upperBound(publicAddresses, address) - 1;
        if (pub < 0) {
            return List.of();
        }
        // PUBLIC extends to the next address: a FUNC starting after it and at or before the address ends it.
        if (last >= 0 && funcStarts[last] > publicAddresses[pub]) {
            return List.of();
        }
        return List.of(new SourceFrame(publicNames[pub], null, 0, false));
    }

    private List<SourceFrame> frames(BreakpadFunction f, long address) {
        String file = null;
        int line = 0;
        int l = CoveringIndex.upperBound(f.lineStarts(), address) - 1;
        if (l >= 0 && address < f.lineEnds()[l]) {
            file = files.get(f.lineFiles()[l]);
            line = f.lineNumbers()[l];
        }
        List<BreakpadInlines.Inline> chain = f.inlines().chain(address);
        if (chain.isEmpty()) {
            return List.of(new SourceFrame(f.name(), file, line, false));
        }
        List<SourceFrame> out = new ArrayList<>(chain.size() + 1);
        BreakpadInlines.Inline first = chain.get(0);
        out.add(new SourceFrame(f.name(), files.get(first.callFile()), first.callLine(), false));
        for (int i = 0; i < chain.size(); i++) {
            BreakpadInlines.Inline inline = chain.get(i);
            String name = origins.getOrDefault(inline.origin(), "<inline origin " + inline.origin() + ">");
            if (i + 1 < chain.size()) {
                BreakpadInlines.Inline callee = chain.get(i + 1);
                out.add(new SourceFrame(name, files.get(callee.callFile()), callee.callLine(), true));
            } else {
                out.add(new SourceFrame(name, file, line, true));
            }
        }
        return List.copyOf(out);
    }
}
