package org.nself.crash.symbolication;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads a Breakpad {@code .sym} file record by record in one pass, time and memory linear in the
 * file, into what {@link BreakpadSymbols} looks addresses up in. After each record the table built so
 * far is checked against the bound ({@link SymbolTableTooLarge}), so a huge file costs at most the bound.
 */
final class BreakpadParser {
    /** The deepest INLINE level read: a chain has one frame per level. */
    static final int MAX_INLINE_LEVEL = 255;

    record Public(long address, String name) {}

    private record PendingFunction(long start, long end, String name) {}

    private final long maxTableBytes;
    BreakpadSymbols.Module module;
    String codeId;
    String codeFile;
    final Map<Integer, String> files = new HashMap<>();
    final Map<Integer, String> origins = new HashMap<>();
    final List<BreakpadFunction> funcs = new ArrayList<>();
    final List<Public> publics = new ArrayList<>();
    int stackRecords;
    private long lineRecords;
    private long inlineRecords;
    private long inlineRanges;
    private long textChars;

    /** The FUNC whose line and INLINE records are being read. */
    private PendingFunction current;
    // the current FUNC's line records as primitive columns (no object per record)
    private long[] lineStarts = new long[64];
    private long[] lineEnds = new long[64];
    private int[] lineNumbers = new int[64];
    private int[] lineFiles = new int[64];
    private int lineCount;
    private final List<BreakpadInlines.Inline> inlines = new ArrayList<>();

    private BreakpadParser(long maxTableBytes) {
        this.maxTableBytes = maxTableBytes;
    }

    /** Every record of {@code text}; a file without a MODULE record is refused. */
    static BreakpadParser read(String text, long maxTableBytes) {
        BreakpadParser parser = new BreakpadParser(maxTableBytes);
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
        return parser;
    }

    /**
     * Heap bytes of the table: per FUNC the object, its four line arrays, its inline index and its
     * name's String (checked against measured retained heap by SymbolicationBenchmark), and each index.
     */
    long estimate() {
        return 256L
                + (funcs.size() + (current == null ? 0 : 1)) * (200L + CoveringIndex.BYTES_PER_RANGE)
                + lineRecords * 24L
                + inlineRecords * 96L
                + inlineRanges * (16L + CoveringIndex.BYTES_PER_RANGE)
                + publics.size() * 80L
                + textChars * 2L
                + (files.size() + origins.size()) * 48L;
    }

    private void record(int n, String line) {
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
            module = new BreakpadSymbols.Module(f[1], f[2], DebugId.parse(f[3]), f[4]);
        } catch (IllegalArgumentException e) {
            throw new SymbolFileException("line " + n + ": MODULE record has an invalid debug id");
        }
    }

    private void info(String line) {
        String[] f = line.split(" ", 4);
        if (f.length >= 3 && f[1].equals("CODE_ID")) {
            codeId = f[2].toLowerCase(Locale.ROOT);
            codeFile = f.length == 4 ? f[3] : null;
        }
    }

    private void func(int n, String line) {
        finishFunc();
        String[] f = fieldsAfter(n, line, "FUNC", 4, "FUNC needs address, size, parameter size and name");
        long address = hex(n, f[0]);
        long size = hex(n, f[1]);
        hex(n, f[2]);
        current = new PendingFunction(address, CoveringIndex.end(address, size), f[3]);
        textChars += f[3].length();
    }

    private void publicRecord(int n, String line) {
        String[] f = fieldsAfter(n, line, "PUBLIC", 3, "PUBLIC needs address, parameter size and name");
        long address = hex(n, f[0]);
        hex(n, f[1]);
        publics.add(new Public(address, f[2]));
        textChars += f[2].length();
    }

    /** The {@code count} fields after the keyword {@code kind} and its optional {@code m} (multiple) flag. */
    private static String[] fieldsAfter(int n, String line, String kind, int count, String needs) {
        String rest = line.length() > kind.length() + 1 ? line.substring(kind.length() + 1) : "";
        if (rest.startsWith("m ")) {
            rest = rest.substring(2);
        }
        String[] f = rest.split(" ", count);
        if (f.length < count) {
            throw new SymbolFileException("line " + n + ": " + needs);
        }
        return f;
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
        inlines.add(new BreakpadInlines.Inline(level, decimal(n, f[2]), decimal(n, f[3]), decimal(n, f[4]), ranges));
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

    private void finishFunc() {
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
        funcs.add(new BreakpadFunction(
                current.start(),
                current.end(),
                current.name(),
                starts,
                ends,
                numbers,
                fileIds,
                BreakpadInlines.of(inlines)));
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
            throw new SymbolFileException(
                    "line " + n + ": not a " + (radix == 16 ? "hex" : "decimal") + " number: '" + abbreviate(s) + "'");
        }
    }

    private static String abbreviate(String s) {
        return s.length() > 60 ? s.substring(0, 60) + "…" : s;
    }
}
