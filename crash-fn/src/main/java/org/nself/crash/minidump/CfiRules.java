package org.nself.crash.minidump;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The {@code STACK CFI INIT} and {@code STACK CFI} records of one Breakpad symbol file: per function a
 * rule set at its start, and changes from later addresses on. The rules at an address are the initial
 * ones of the range holding it with every change up to and including that address applied, as
 * Breakpad's resolver builds them. Overlapping INIT ranges keep the first (Breakpad's range map).
 */
public final class CfiRules {
    /** The most CFI records read from one file: a bound on the memory a hostile file can take. */
    static final int MAX_RECORDS = 4_000_000;

    private record Init(long size, String rules) {}

    private final TreeMap<Long, Init> inits = new TreeMap<>();
    private final TreeMap<Long, String> deltas = new TreeMap<>();

    private CfiRules() {}

    /** The CFI of a {@code .sym} text; other records are ignored, malformed CFI lines skipped. */
    public static CfiRules fromSymbolFile(String text) {
        CfiRules cfi = new CfiRules();
        int records = 0;
        int start = 0;
        while (start < text.length()) {
            int end = text.indexOf('\n', start);
            if (end < 0) {
                end = text.length();
            }
            if (text.startsWith("STACK CFI ", start)) {
                if (++records > MAX_RECORDS) {
                    throw new MinidumpException("symbol file has more than " + MAX_RECORDS + " STACK CFI records");
                }
                cfi.record(text.substring(start + 10, end).strip());
            }
            start = end + 1;
        }
        return cfi;
    }

    public boolean isEmpty() {
        return inits.isEmpty();
    }

    private void record(String line) {
        try {
            if (line.startsWith("INIT ")) {
                String[] f = line.substring(5).split(" ", 3);
                long address = Long.parseUnsignedLong(f[0], 16);
                long size = Long.parseUnsignedLong(f[1], 16);
                if (f.length < 3 || size == 0 || overlaps(address, size)) {
                    return;
                }
                inits.put(address, new Init(size, f[2]));
            } else {
                String[] f = line.split(" ", 2);
                if (f.length == 2) {
                    deltas.merge(Long.parseUnsignedLong(f[0], 16), f[1], (a, b) -> a + " " + b);
                }
            }
        } catch (NumberFormatException | ArrayIndexOutOfBoundsException e) {
            // a malformed record is skipped, as Breakpad's parser does
        }
    }

    private boolean overlaps(long address, long size) {
        Map.Entry<Long, Init> before = inits.floorEntry(address);
        if (before != null && address - before.getKey() < before.getValue().size()) {
            return true;
        }
        Long after = inits.ceilingKey(address);
        return after != null && after - address < size;
    }

    /** The rules (register or {@code .cfa}/{@code .ra} → postfix expression) at a module offset. */
    public Optional<Map<String, String>> rulesAt(long offset) {
        Map.Entry<Long, Init> init = inits.floorEntry(offset);
        if (init == null || offset - init.getKey() >= init.getValue().size()) {
            return Optional.empty();
        }
        Map<String, String> rules = new LinkedHashMap<>();
        if (!apply(init.getValue().rules(), rules)) {
            return Optional.empty();
        }
        for (String change : deltas.subMap(init.getKey(), true, offset, true).values()) {
            apply(change, rules);
        }
        return Optional.of(rules);
    }

    /** Adds {@code name: expression} pairs to {@code rules}; false when the text is not a rule set. */
    private static boolean apply(String text, Map<String, String> rules) {
        String name = null;
        StringBuilder expression = new StringBuilder();
        for (String token : text.trim().split("\\s+")) {
            if (token.endsWith(":")) {
                if (name != null) {
                    if (expression.isEmpty()) {
                        return false;
                    }
                    rules.put(name, expression.toString());
                }
                name = token.substring(0, token.length() - 1);
                expression.setLength(0);
                if (name.isEmpty()) {
                    return false;
                }
            } else {
                if (name == null) {
                    return false;
                }
                if (!expression.isEmpty()) {
                    expression.append(' ');
                }
                expression.append(token);
            }
        }
        if (name == null || expression.isEmpty()) {
            return false;
        }
        rules.put(name, expression.toString());
        return true;
    }
}
