package org.nself.crash.symbolication;

/**
 * The lines of a ProGuard/R8 mapping, read by hand in time linear in the line: each method below
 * accepts exactly what the regular expression in its comment matches ({@code \s} and {@code \S} as in
 * {@link java.util.regex.Pattern}), without backtracking. {@link #steps()} counts the characters
 * examined, so tests can check the linear bound without timing anything.
 */
final class ProguardLines {
    /** A method line's parts; the numbers are null where the line has none. */
    record Method(String obfStart, String obfEnd, String name, String origStart, String origEnd, String obfName) {}

    private static final String ID = "\"id\"";
    private static final String SOURCE_FILE = "\"sourceFile\"";
    private static final String FILE_NAME = "\"fileName\"";

    private long steps;

    /** Characters examined so far by this reader. */
    long steps() {
        return steps;
    }

    /** {@code ^(\S+) -> (\S+):$}: the original and the obfuscated class name, or null. */
    String[] classLine(String line) {
        int a = nonSpace(line, 0);
        if (a == 0 || !at(line, a, " -> ")) {
            return null;
        }
        int from = a + 4;
        int end = nonSpace(line, from);
        if (end != line.length() || end - from < 2 || line.charAt(end - 1) != ':') {
            return null;
        }
        return new String[] {line.substring(0, a), line.substring(from, end - 1)};
    }

    /**
     * {@code ^\s+(?:(\d+):(\d+):)?(\S+) ([^\s(]+)\(([^)]*)\)(?::(\d+)(?::(\d+))?)? -> (\S+)$}, or null.
     */
    Method method(String line) {
        int i = spaces(line, 0);
        if (i == 0) {
            return null;
        }
        int d1 = digits(line, i);
        if (d1 > i && at(line, d1, ":")) {
            int d2 = digits(line, d1 + 1);
            if (d2 > d1 + 1 && at(line, d2, ":")) {
                Method ranged = methodRest(line, d2 + 1, line.substring(i, d1), line.substring(d1 + 1, d2));
                if (ranged != null) {
                    return ranged;
                }
            }
        }
        // as the optional group may be skipped: "1:2:type" is then a type
        return methodRest(line, i, null, null);
    }

    private Method methodRest(String line, int from, String obfStart, String obfEnd) {
        int type = nonSpace(line, from);
        if (type == from || !at(line, type, " ")) {
            return null;
        }
        int nameFrom = type + 1;
        int name = nameFrom;
        while (name < line.length() && !space(line.charAt(name)) && line.charAt(name) != '(') {
            name++;
            steps++;
        }
        if (name == nameFrom || !at(line, name, "(")) {
            return null;
        }
        int close = name + 1;
        while (close < line.length() && line.charAt(close) != ')') {
            close++;
            steps++;
        }
        if (close == line.length()) {
            return null;
        }
        int i = close + 1;
        String[] orig = new String[2]; // (?::(\d+)(?::(\d+))?)?: the original start and end line
        for (int k = 0; k < orig.length && at(line, i, ":"); k++) {
            int end = digits(line, i + 1);
            if (end == i + 1) {
                return null;
            }
            orig[k] = line.substring(i + 1, end);
            i = end;
        }
        if (!at(line, i, " -> ")) {
            return null;
        }
        int obf = nonSpace(line, i + 4);
        if (obf == i + 4 || obf != line.length()) {
            return null;
        }
        return new Method(
                obfStart, obfEnd, line.substring(nameFrom, name), orig[0], orig[1], line.substring(i + 4, obf));
    }

    /** {@code ^\s+\S+ \S+ -> \S+$}. */
    boolean fieldLine(String line) {
        int i = spaces(line, 0);
        if (i == 0) {
            return false;
        }
        int type = nonSpace(line, i);
        if (type == i || !at(line, type, " ")) {
            return false;
        }
        int name = nonSpace(line, type + 1);
        if (name == type + 1 || !at(line, name, " -> ")) {
            return false;
        }
        int obf = nonSpace(line, name + 4);
        return obf > name + 4 && obf == line.length();
    }

    /**
     * The file name of {@code ^\s*#\s*\{.*"id"\s*:\s*"sourceFile".*"fileName"\s*:\s*"([^"]+)".*\}\s*$}, or
     * null: as the greedy pattern does, the last {@code "fileName"} entry after the first {@code "id":
     * "sourceFile"} one, its value closed before the final brace.
     */
    String sourceFile(String line) {
        int i = spaces(line, 0);
        if (!at(line, i, "#")) {
            return null;
        }
        i = spaces(line, i + 1);
        if (!at(line, i, "{")) {
            return null;
        }
        int open = i;
        int brace = line.length() - 1;
        while (brace > open && space(line.charAt(brace))) {
            brace--;
            steps++;
        }
        if (brace <= open || line.charAt(brace) != '}') {
            return null;
        }
        int idEnd = -1;
        for (int at = indexOf(line, ID, open + 1, brace); at >= 0; at = indexOf(line, ID, at + 1, brace)) {
            int p = spaces(line, at + ID.length());
            if (at(line, p, ":")) {
                p = spaces(line, p + 1);
                if (at(line, p, SOURCE_FILE)) {
                    idEnd = p + SOURCE_FILE.length();
                    break;
                }
            }
        }
        if (idEnd < 0) {
            return null;
        }
        for (int at = lastIndexOf(line, FILE_NAME, brace - 1, idEnd);
                at >= 0;
                at = lastIndexOf(line, FILE_NAME, at - 1, idEnd)) {
            int p = spaces(line, at + FILE_NAME.length());
            if (!at(line, p, ":")) {
                continue;
            }
            p = spaces(line, p + 1);
            if (!at(line, p, "\"")) {
                continue;
            }
            int value = p + 1;
            int close = value;
            while (close < brace && line.charAt(close) != '"') {
                close++;
                steps++;
            }
            if (close > value && close < brace) {
                return line.substring(value, close);
            }
        }
        return null;
    }

    private static boolean space(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == 0x0B || c == '\f' || c == '\r';
    }

    private int spaces(String s, int from) {
        int i = from;
        while (i < s.length() && space(s.charAt(i))) {
            i++;
            steps++;
        }
        return i;
    }

    private int nonSpace(String s, int from) {
        int i = from;
        while (i < s.length() && !space(s.charAt(i))) {
            i++;
            steps++;
        }
        return i;
    }

    private int digits(String s, int from) {
        int i = from;
        while (i < s.length() && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
            i++;
            steps++;
        }
        return i;
    }

    private boolean at(String s, int from, String expected) {
        steps += expected.length();
        return s.startsWith(expected, from);
    }

    /** The first {@code needle} starting in {@code [from, limit)}, or -1. */
    private int indexOf(String s, String needle, int from, int limit) {
        int found = s.indexOf(needle, from);
        int stop = found < 0 || found >= limit ? limit : found;
        steps += Math.max(0, stop - from) + needle.length();
        return found >= 0 && found < limit ? found : -1;
    }

    /** The last {@code needle} starting in {@code [floor, from]}, or -1. */
    private int lastIndexOf(String s, String needle, int from, int floor) {
        if (from < floor) {
            return -1;
        }
        int found = s.lastIndexOf(needle, from);
        int stop = found < floor ? floor : found;
        steps += Math.max(0, from - stop) + needle.length();
        return found >= floor ? found : -1;
    }
}
