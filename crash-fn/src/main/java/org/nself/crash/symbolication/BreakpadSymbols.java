package org.nself.crash.symbolication;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
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
final class BreakpadSymbols implements NativeSymbols {
    /** The deepest INLINE level read: a chain has one frame per level. */
    static final int MAX_INLINE_LEVEL = 255;

    private final Module module;
    private final String codeId;
    private final String codeFile;
    private final Func[] funcs;
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

    private BreakpadSymbols(Parser p) {
        this.module = p.module;
        this.codeId = p.codeId;
        this.codeFile = p.codeFile;
        List<Func> sorted = new ArrayList<>(p.funcs);
        sorted.sort(Comparator.comparingLong(f -> f.start));
        this.funcs = sorted.toArray(new Func[0]);
        this.funcStarts = new long[funcs.length];
        long[] funcEnds = new long[funcs.length];
        for (int i = 0; i < funcs.length; i++) {
            funcStarts[i] = funcs[i].start;
            funcEnds[i] = funcs[i].end;
        }
        this.funcIndex = CoveringIndex.of(funcStarts, funcEnds);
        List<Public> publics = new ArrayList<>(p.publics);
        publics.sort(Comparator.comparingLong(Public::address));
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

    /**
     * Parses in one pass, time and memory linear in the file; stops with {@link SymbolTableTooLarge} as
     * soon as the table being built passes {@code maxTableBytes}, so a huge file costs at most the bound.
     */
    public static BreakpadSymbols parse(byte[] content, long maxTableBytes) {
        return parse(new String(content, StandardCharsets.UTF_8), maxTableBytes);
    }

    public static BreakpadSymbols parse(String text) {
        return parse(text, Long.MAX_VALUE);
    }

    static BreakpadSymbols parse(String text, long maxTableBytes) {
        Parser parser = new Parser(maxTableBytes);
        int lineNo = 0;
        int start = text.startsWith("\uFEFF") ? 1 : 0;
        int length = text.length();
        while (start < length) {
            int end = text.indexOf('\n', start);
            if (end < 0) {
                end = length;
            }
            int stop = end > start && text.charAt(end - 1) == '\r' ? end - 1 : end;
            lineNo++;
            if (stop > start) {
                parser.record(lineNo, text.substring(start, stop));
            }
            start = end + 1;
        }
        if (parser.module == null) {
            throw new SymbolFileException("not a Breakpad symbol file: no MODULE record");
        }
        parser.finishFunc();
        return new BreakpadSymbols(parser);
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
        int last = upperBound(funcStarts, address) - 1;
        int pub = upperBound(publicAddresses, address) - 1;
        if (pub < 0) {
            return List.of();
        }
        // PUBLIC extends to the next address: a FUNC starting after it and at or before the address ends it.
        if (last >= 0 && funcStarts[last] > publicAddresses[pub]) {
            return List.of();
        }
        return List.of(new SourceFrame(publicNames[pub], null, 0, false));
    }

    private List<SourceFrame> frames(Func f, long address) {
        String file = null;
        int line = 0;
        int l = upperBound(f.lineStarts, address) - 1;
        if (l >= 0 && address < f.lineEnds[l]) {
            file = files.get(f.lineFiles[l]);
            line = f.lineNumbers[l];
        }
        List<Inline> chain = f.inlines.chain(address);
        if (chain.isEmpty()) {
            return List.of(new SourceFrame(f.name, file, line, false));
        }
        List<SourceFrame> out = new ArrayList<>(chain.size() + 1);
        Inline first = chain.get(0);
        out.add(new SourceFrame(f.name, files.get(first.callFile()), first.callLine(), false));
        for (int i = 0; i < chain.size(); i++) {
            Inline inline = chain.get(i);
            String name = origins.getOrDefault(inline.origin(), "<inline origin " + inline.origin() + ">");
            if (i + 1 < chain.size()) {
                Inline callee = chain.get(i + 1);
                out.add(new SourceFrame(name, files.get(callee.callFile()), callee.callLine(), true));
            } else {
                out.add(new SourceFrame(name, file, line, true));
            }
        }
        return List.copyOf(out);
    }

    /** The number of values {@code <= key} in a sorted array. */
    static int upperBound(long[] sorted, long key) {
        int lo = 0;
        int hi = sorted.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (sorted[mid] <= key) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    private record Public(long address, String name) {}

    private record Inline(int level, int callLine, int callFile, int origin, long[] ranges) {}

    /**
     * A FUNC's INLINE records by level: per level a {@link CoveringIndex} over its ranges, so the chain
     * at an address costs O(levels × log ranges) however many records there are. Levels nest; at one
     * level a valid file's ranges do not overlap (a hostile file's overlapping ones give the last-starting).
     */
    private static final class Inlines {
        static final Inlines NONE = new Inlines(new Inline[0][], new CoveringIndex[0]);

        /** Per level present, ascending: the inline owning each range of the level's index. */
        private final Inline[][] owners;

        private final CoveringIndex[] indexes;

        private Inlines(Inline[][] owners, CoveringIndex[] indexes) {
            this.owners = owners;
            this.indexes = indexes;
        }

        static Inlines of(List<Inline> inlines) {
            if (inlines.isEmpty()) {
                return NONE;
            }
            record Range(long start, long end, Inline owner) {}
            java.util.TreeMap<Integer, List<Range>> byLevel = new java.util.TreeMap<>();
            for (Inline inline : inlines) {
                List<Range> ranges = byLevel.computeIfAbsent(inline.level(), k -> new ArrayList<>());
                long[] r = inline.ranges();
                for (int i = 0; i < r.length; i += 2) {
                    ranges.add(new Range(r[i], CoveringIndex.end(r[i], r[i + 1]), inline));
                }
            }
            Inline[][] owners = new Inline[byLevel.size()][];
            CoveringIndex[] indexes = new CoveringIndex[byLevel.size()];
            int l = 0;
            for (List<Range> ranges : byLevel.values()) {
                ranges.sort(Comparator.comparingLong(Range::start));
                long[] starts = new long[ranges.size()];
                long[] ends = new long[ranges.size()];
                owners[l] = new Inline[ranges.size()];
                for (int i = 0; i < ranges.size(); i++) {
                    starts[i] = ranges.get(i).start();
                    ends[i] = ranges.get(i).end();
                    owners[l][i] = ranges.get(i).owner();
                }
                indexes[l++] = CoveringIndex.of(starts, ends);
            }
            return new Inlines(owners, indexes);
        }

        /** The inlines holding {@code address}, outermost level first. */
        List<Inline> chain(long address) {
            List<Inline> chain = List.of();
            for (int l = 0; l < indexes.length; l++) {
                int i = indexes[l].find(address);
                if (i >= 0) {
                    if (chain.isEmpty()) {
                        chain = new ArrayList<>(2);
                    }
                    chain.add(owners[l][i]);
                }
            }
            return chain;
        }
    }

    private static final class Func {
        final long start;
        final long end;
        final String name;
        long[] lineStarts;
        long[] lineEnds;
        int[] lineNumbers;
        int[] lineFiles;
        Inlines inlines;

        Func(long start, long size, String name) {
            this.start = start;
            this.end = CoveringIndex.end(start, size);
            this.name = name;
        }
    }

    private static final class Parser {
        private final long maxTableBytes;
        Module module;
        String codeId;
        String codeFile;
        final Map<Integer, String> files = new HashMap<>();
        final Map<Integer, String> origins = new HashMap<>();
        final List<Func> funcs = new ArrayList<>();
        final List<Public> publics = new ArrayList<>();
        int stackRecords;
        long lineRecords;
        long inlineRecords;
        long inlineRanges;
        long textChars;

        private Func current;
        // the current FUNC's line records as primitive columns (no object per record)
        private long[] lineStarts = new long[64];
        private long[] lineEnds = new long[64];
        private int[] lineNumbers = new int[64];
        private int[] lineFiles = new int[64];
        private int lineCount;
        private final List<Inline> inlines = new ArrayList<>();

        Parser(long maxTableBytes) {
            this.maxTableBytes = maxTableBytes;
        }

        /**
         * Heap bytes of the table: per FUNC the object, its four line arrays, its inline index and its
         * name's String (checked against measured retained heap by SymbolicationBenchmark), and each index.
         */
        long estimate() {
            return 256L
                    + funcs.size() * (200L + CoveringIndex.BYTES_PER_RANGE)
                    + lineRecords * 24L
                    + inlineRecords * 96L
                    + inlineRanges * (16L + CoveringIndex.BYTES_PER_RANGE)
                    + publics.size() * 80L
                    + textChars * 2L
                    + (files.size() + origins.size()) * 48L;
        }

        void record(int n, String line) {
            recordKind(n, line);
            SymbolTableTooLarge.check(estimate(), maxTableBytes);
        }

        private void recordKind(int n, String line) {
            int space = line.indexOf(' ');
            String kind = space < 0 ? line : line.substring(0, space);
            switch (kind) {
                case "MODULE" -> module(n, line);
                case "INFO" -> info(line);
                case "FILE" -> {
                    String[] f = fields(n, line, 3);
                    files.put(decimal(n, f[1]), f[2]);
                    textChars += f[2].length();
                }
                case "INLINE_ORIGIN" -> {
                    String[] f = fields(n, line, 3);
                    origins.put(decimal(n, f[1]), f[2]);
                    textChars += f[2].length();
                }
                case "FUNC" -> func(n, line);
                case "INLINE" -> inline(n, line);
                case "PUBLIC" -> publicRecord(n, line);
                case "STACK" -> stack(n, line);
                default -> lineRecord(n, line);
            }
        }

        private void module(int n, String line) {
            if (module != null) {
                throw new SymbolFileException("line " + n + ": a second MODULE record");
            }
            String[] f = fields(n, line, 5);
            try {
                module = new Module(f[1], f[2], DebugId.parse(f[3]), f[4]);
            } catch (IllegalArgumentException e) {
                throw new SymbolFileException("line " + n + ": MODULE record has an invalid debug id");
            }
        }

        private void info(String line) {
            String[] f = line.split(" ", 4);
            if (f.length >= 3 && f[1].equals("CODE_ID")) {
                codeId = f[2].toLowerCase(java.util.Locale.ROOT);
                codeFile = f.length == 4 ? f[3] : null;
            }
        }

        private void func(int n, String line) {
            finishFunc();
            String rest = line.length() > 5 ? line.substring(5) : "";
            if (rest.startsWith("m ")) {
                rest = rest.substring(2);
            }
            String[] f = rest.split(" ", 4);
            if (f.length < 4) {
                throw new SymbolFileException("line " + n + ": FUNC needs address, size, parameter size and name");
            }
            long address = hex(n, f[0]);
            long size = hex(n, f[1]);
            hex(n, f[2]);
            current = new Func(address, size, f[3]);
            textChars += f[3].length();
            funcs.add(current);
        }

        private void publicRecord(int n, String line) {
            String rest = line.length() > 7 ? line.substring(7) : "";
            if (rest.startsWith("m ")) {
                rest = rest.substring(2);
            }
            String[] f = rest.split(" ", 3);
            if (f.length < 3) {
                throw new SymbolFileException("line " + n + ": PUBLIC needs address, parameter size and name");
            }
            long address = hex(n, f[0]);
            hex(n, f[1]);
            publics.add(new Public(address, f[2]));
            textChars += f[2].length();
        }

        private void inline(int n, String line) {
            if (current == null) {
                throw new SymbolFileException("line " + n + ": INLINE record outside a FUNC");
            }
            String[] f = line.split(" ");
            if (f.length < 7 || (f.length - 5) % 2 != 0) {
                throw new SymbolFileException(
                        "line " + n + ": INLINE needs level, call line, call file, origin and address/size pairs");
            }
            long[] ranges = new long[f.length - 5];
            for (int i = 5; i < f.length; i++) {
                ranges[i - 5] = hex(n, f[i]);
            }
            int level = decimal(n, f[1]);
            if (level > MAX_INLINE_LEVEL) {
                // the chain at an address has one frame per level: bounds each lookup's work and answer
                throw new SymbolFileException("line " + n + ": INLINE level above " + MAX_INLINE_LEVEL);
            }
            inlines.add(new Inline(level, decimal(n, f[2]), decimal(n, f[3]), decimal(n, f[4]), ranges));
            inlineRecords++;
            inlineRanges += ranges.length / 2;
        }

        private void stack(int n, String line) {
            if (!line.startsWith("STACK CFI") && !line.startsWith("STACK WIN")) {
                throw new SymbolFileException("line " + n + ": STACK record must be STACK CFI or STACK WIN");
            }
            if (line.startsWith("STACK CFI INIT ")) {
                String[] f = line.split(" ", 6);
                if (f.length < 5) {
                    throw new SymbolFileException("line " + n + ": STACK CFI INIT needs address and size");
                }
                hex(n, f[3]);
                hex(n, f[4]);
            }
            stackRecords++;
        }

        private void lineRecord(int n, String line) {
            String[] f = line.split(" ");
            if (f.length != 4) {
                throw new SymbolFileException("line " + n + ": unknown record '" + abbreviate(line) + "'");
            }
            if (current == null) {
                throw new SymbolFileException("line " + n + ": line record outside a FUNC");
            }
            long address = hex(n, f[0]);
            long size = hex(n, f[1]);
            long lineNumber = parseLong(n, f[2], 10);
            int file = decimal(n, f[3]);
            if (lineCount == lineStarts.length) {
                int grown = lineCount * 2;
                lineStarts = Arrays.copyOf(lineStarts, grown);
                lineEnds = Arrays.copyOf(lineEnds, grown);
                lineNumbers = Arrays.copyOf(lineNumbers, grown);
                lineFiles = Arrays.copyOf(lineFiles, grown);
            }
            lineStarts[lineCount] = address;
            lineEnds[lineCount] = CoveringIndex.end(address, size);
            lineNumbers[lineCount] = (int) Math.max(0, Math.min(Integer.MAX_VALUE, lineNumber));
            lineFiles[lineCount] = file;
            lineCount++;
            lineRecords++;
        }

        void finishFunc() {
            if (current == null) {
                return;
            }
            int count = lineCount;
            long[] starts = Arrays.copyOf(lineStarts, count);
            long[] ends = Arrays.copyOf(lineEnds, count);
            int[] numbers = Arrays.copyOf(lineNumbers, count);
            int[] fileIds = Arrays.copyOf(lineFiles, count);
            if (!sorted(starts)) {
                Integer[] order = new Integer[count];
                for (int i = 0; i < count; i++) {
                    order[i] = i;
                }
                Arrays.sort(order, Comparator.comparingLong(i -> lineStarts[i]));
                for (int i = 0; i < count; i++) {
                    starts[i] = lineStarts[order[i]];
                    ends[i] = lineEnds[order[i]];
                    numbers[i] = lineNumbers[order[i]];
                    fileIds[i] = lineFiles[order[i]];
                }
            }
            current.lineStarts = starts;
            current.lineEnds = ends;
            current.lineNumbers = numbers;
            current.lineFiles = fileIds;
            current.inlines = Inlines.of(inlines);
            lineCount = 0;
            if (lineStarts.length > 4096) { // one huge FUNC's columns are not kept for the rest of the file
                lineStarts = new long[64];
                lineEnds = new long[64];
                lineNumbers = new int[64];
                lineFiles = new int[64];
            }
            inlines.clear();
            current = null;
        }

        private static boolean sorted(long[] values) {
            for (int i = 1; i < values.length; i++) {
                if (values[i] < values[i - 1]) {
                    return false;
                }
            }
            return true;
        }

        private static String[] fields(int n, String line, int count) {
            String[] f = line.split(" ", count);
            if (f.length < count) {
                throw new SymbolFileException("line " + n + ": " + f[0] + " record needs " + (count - 1) + " fields");
            }
            return f;
        }

        private static long hex(int n, String s) {
            return parseLong(n, s, 16);
        }

        private static int decimal(int n, String s) {
            long v = parseLong(n, s, 10);
            if (v < 0 || v > Integer.MAX_VALUE) {
                throw new SymbolFileException("line " + n + ": number out of range: " + abbreviate(s));
            }
            return (int) v;
        }

        private static long parseLong(int n, String s, int radix) {
            try {
                if (radix == 16) {
                    if (s.isEmpty() || s.length() > 16) {
                        throw new NumberFormatException();
                    }
                    return Long.parseUnsignedLong(s, 16);
                }
                return Long.parseLong(s);
            } catch (NumberFormatException e) {
                throw new SymbolFileException("line " + n + ": not a " + (radix == 16 ? "hex" : "decimal")
                        + " number: '" + abbreviate(s) + "'");
            }
        }

        private static String abbreviate(String s) {
            return s.length() > 60 ? s.substring(0, 60) + "…" : s;
        }
    }
}
