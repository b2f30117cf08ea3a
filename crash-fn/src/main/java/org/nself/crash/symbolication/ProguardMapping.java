package org.nself.crash.symbolication;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A ProGuard/R8 {@code mapping.txt}: deobfuscates Java frames by class, method and line.
 *
 * <p>A method line is {@code [a:b:]type name(args)[:c[:d]] -> obf}. Obfuscated lines {@code a..b} map to
 * {@code c..d} (linearly when the two ranges have the same length, else to {@code c}); without
 * {@code c} the line is unchanged. Several consecutive entries with the same obfuscated range are one
 * inlining chain, the inlined callee first: one obfuscated line becomes several original frames.
 *
 * <p>Lines are read by {@link ProguardLines}, a scanner linear in each line's length (no regular
 * expression: the backtracking ones it replaces took seconds on one long comment line).
 */
public final class ProguardMapping {
    /** Sentry's namespace for mapping-file UUIDs: UUIDv5(DNS, "guardsquare.com"). */
    private static final UUID PROGUARD_NAMESPACE = uuid5(
            UUID.fromString("6ba7b810-9dad-11d1-80b4-00c04fd430c8"),
            "guardsquare.com".getBytes(StandardCharsets.UTF_8));

    private final Map<String, ClassMapping> byObfuscatedName;
    private final long estimatedBytes;
    private final long scanSteps;

    /** A deobfuscated frame: class, method, source file when the mapping names one, and line (0 unknown). */
    public record JavaFrame(String className, String method, String fileName, int line) {}

    private record Member(
            int obfStart,
            int obfEnd,
            String originalClass,
            String originalName,
            int origStart,
            int origEnd,
            String obfName) {
        boolean hasRange() {
            return obfStart >= 0;
        }

        int originalLine(int line) {
            if (origStart < 0) {
                return hasRange() ? line : 0;
            }
            if (origEnd >= 0 && origEnd - origStart == obfEnd - obfStart) {
                return origStart + (line - obfStart);
            }
            return origStart;
        }
    }

    private static final class ClassMapping {
        final String original;
        String sourceFile;
        final Map<String, List<Member>> methods = new HashMap<>();

        ClassMapping(String original) {
            this.original = original;
        }
    }

    private ProguardMapping(Map<String, ClassMapping> classes, long estimatedBytes, long scanSteps) {
        this.byObfuscatedName = classes;
        this.estimatedBytes = estimatedBytes;
        this.scanSteps = scanSteps;
    }

    /** Characters the line reader examined while parsing: linear in the file (tests check it). */
    long scanSteps() {
        return scanSteps;
    }

    /** True when the first meaningful line is a class mapping. */
    public static boolean looksLikeProguard(byte[] content) {
        String head = new String(content, 0, Math.min(content.length, 64 * 1024), StandardCharsets.UTF_8);
        for (String line : head.split("\n")) {
            String l = line.stripTrailing();
            if (l.isBlank() || l.stripLeading().startsWith("#")) {
                continue;
            }
            return new ProguardLines().classLine(l) != null;
        }
        return false;
    }

    public static ProguardMapping parse(byte[] content) {
        String text = new String(content, StandardCharsets.UTF_8);
        ProguardLines reader = new ProguardLines();
        Map<String, ClassMapping> classes = new HashMap<>();
        ClassMapping current = null;
        int n = 0;
        long members = 0;
        for (String raw : text.split("\n", -1)) {
            n++;
            String line = raw.endsWith("\r") ? raw.substring(0, raw.length() - 1) : raw;
            if (line.isBlank()) {
                continue;
            }
            if (line.stripLeading().startsWith("#")) {
                String sourceFile = current == null ? null : reader.sourceFile(line);
                if (sourceFile != null) {
                    current.sourceFile = sourceFile;
                }
                continue;
            }
            String[] c = reader.classLine(line);
            if (c != null) {
                current = new ClassMapping(c[0]);
                classes.put(c[1], current);
                continue;
            }
            if (current == null) {
                throw new SymbolFileException("line " + n + ": a member before any class mapping");
            }
            ProguardLines.Method m = reader.method(line);
            if (m != null) {
                String name = m.name();
                String originalClass = current.original;
                int dot = name.lastIndexOf('.');
                if (dot > 0) { // inlined from another class: the name is qualified
                    originalClass = name.substring(0, dot);
                    name = name.substring(dot + 1);
                }
                Member member = new Member(
                        number(n, m.obfStart()),
                        number(n, m.obfEnd()),
                        originalClass,
                        name,
                        number(n, m.origStart()),
                        number(n, m.origEnd()),
                        m.obfName());
                current.methods
                        .computeIfAbsent(member.obfName(), k -> new ArrayList<>())
                        .add(member);
                members++;
                continue;
            }
            if (reader.fieldLine(line)) {
                continue;
            }
            throw new SymbolFileException("line " + n + ": not a ProGuard mapping line");
        }
        if (classes.isEmpty()) {
            throw new SymbolFileException("not a ProGuard mapping: no class mapping");
        }
        return new ProguardMapping(Map.copyOf(classes), 256L + classes.size() * 300L + members * 160L, reader.steps());
    }

    /** The UUID Sentry gives a mapping file: UUIDv5 of its bytes in the ProGuard namespace. */
    public static DebugId uuidOf(byte[] content) {
        return DebugId.parse(uuid5(PROGUARD_NAMESPACE, content).toString());
    }

    public int classCount() {
        return byObfuscatedName.size();
    }

    public long estimatedBytes() {
        return estimatedBytes;
    }

    /** The original class name, or null when the mapping does not know the class. */
    public String originalClass(String obfuscatedClass) {
        ClassMapping c = byObfuscatedName.get(obfuscatedClass);
        return c == null ? null : c.original;
    }

    /**
     * The original frames for one obfuscated frame, in stack order (the outer caller first, the
     * innermost inlined callee last, as Sentry orders {@code frames[]}). Empty when the class is unknown;
     * only the class is mapped when the method is unknown.
     */
    public List<JavaFrame> deobfuscate(String obfuscatedClass, String obfuscatedMethod, int line) {
        ClassMapping c = byObfuscatedName.get(obfuscatedClass);
        if (c == null) {
            return List.of();
        }
        List<Member> candidates = c.methods.getOrDefault(obfuscatedMethod, List.of());
        List<Member> chain = new ArrayList<>();
        if (line > 0) {
            Member first = null;
            for (Member m : candidates) {
                if (first == null) {
                    if (m.hasRange() && line >= m.obfStart() && line <= m.obfEnd()) {
                        first = m;
                        chain.add(m);
                    }
                } else if (m.obfStart() == first.obfStart() && m.obfEnd() == first.obfEnd()) {
                    chain.add(m);
                } else {
                    break;
                }
            }
        }
        if (chain.isEmpty()) {
            for (Member m : candidates) {
                if (!m.hasRange()) {
                    chain.add(m);
                    break;
                }
            }
            if (chain.isEmpty() && !candidates.isEmpty()) {
                chain.add(candidates.get(0));
            }
        }
        if (chain.isEmpty()) {
            return List.of(new JavaFrame(c.original, obfuscatedMethod, c.sourceFile, line));
        }
        List<JavaFrame> frames = new ArrayList<>(chain.size());
        for (int i = chain.size() - 1; i >= 0; i--) {
            Member m = chain.get(i);
            ClassMapping owner = m.originalClass().equals(c.original) ? c : null;
            String file = owner != null ? c.sourceFile : null;
            int original = i == 0 ? (line > 0 ? m.originalLine(line) : 0) : m.originalLine(m.obfStart());
            frames.add(new JavaFrame(m.originalClass(), m.originalName(), file, Math.max(original, 0)));
        }
        return List.copyOf(frames);
    }

    private static int number(int n, String s) {
        if (s == null) {
            return -1;
        }
        try {
            return Integer.parseInt(s);
        } catch (NumberFormatException e) {
            throw new SymbolFileException("line " + n + ": line number out of range");
        }
    }

    static UUID uuid5(UUID namespace, byte[] name) {
        try {
            MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
            java.nio.ByteBuffer ns = java.nio.ByteBuffer.allocate(16);
            ns.putLong(namespace.getMostSignificantBits()).putLong(namespace.getLeastSignificantBits());
            sha1.update(ns.array());
            sha1.update(name);
            byte[] h = sha1.digest();
            h[6] = (byte) ((h[6] & 0x0f) | 0x50);
            h[8] = (byte) ((h[8] & 0x3f) | 0x80);
            java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(h, 0, 16);
            return new UUID(b.getLong(), b.getLong());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 is part of every JRE", e);
        }
    }
}
