package org.nself.crash.grouping;

import java.util.regex.Pattern;

/**
 * Normalizes a function name for grouping: what changes between builds or calls of the same code
 * (arguments, return types, template arguments, lambda/closure/block numbers, Rust hashes) goes.
 */
final class FunctionNames {
    private static final Pattern RUST_HASH = Pattern.compile("::h[0-9a-f]{16}$");
    private static final Pattern JAVA_LAMBDA = Pattern.compile("lambda\\$([^$]*)\\$\\d+");
    private static final Pattern JAVA_SYNTHETIC_LAMBDA =
            Pattern.compile("\\$\\$Lambda(\\$\\d+)?(/0x[0-9a-fA-F]+)?(@[0-9a-fA-F]+)?");
    private static final Pattern ANONYMOUS_CLASS = Pattern.compile("\\$\\d+(?=\\$|\\.|$)");
    private static final Pattern KOTLIN_LAMBDA = Pattern.compile("\\$lambda[-$]\\d+");
    private static final Pattern SWIFT_CLOSURE = Pattern.compile("closure #\\d+");
    private static final Pattern BLOCK_INVOKE = Pattern.compile("_block_invoke(_\\d+)?");
    private static final Pattern BLOCK_PREFIX = Pattern.compile("^__\\d+(?=[-+]\\[)");
    private static final Pattern CPP_LAMBDA = Pattern.compile("\\{lambda\\([^)]*\\)#\\d+}");
    private static final Pattern CPP_CLONE = Pattern.compile("\\.(constprop|isra|part|cold|lto_priv)\\.\\d+");

    private FunctionNames() {}

    static String normalize(String function) {
        if (function == null) {
            return null;
        }
        String name = function.strip();
        if (name.isEmpty() || name.equals("<unknown>") || name.equals("?")) {
            return null;
        }
        name = RUST_HASH.matcher(name).replaceAll("");
        name = name.replace("(anonymous namespace)", "{anon}");
        name = CPP_LAMBDA.matcher(name).replaceAll("{lambda}");
        name = CPP_CLONE.matcher(name).replaceAll("");
        name = JAVA_SYNTHETIC_LAMBDA.matcher(name).replaceAll("\\$\\$Lambda");
        name = JAVA_LAMBDA.matcher(name).replaceAll("lambda\\$$1\\$");
        name = KOTLIN_LAMBDA.matcher(name).replaceAll("\\$lambda");
        name = SWIFT_CLOSURE.matcher(name).replaceAll("closure");
        name = BLOCK_PREFIX.matcher(name).replaceAll("");
        name = BLOCK_INVOKE.matcher(name).replaceAll("_block_invoke");
        if (name.startsWith("-[") || name.startsWith("+[")) {
            return name; // Objective-C selectors carry no arguments or templates to strip
        }
        name = stripBracketed(name, '(', ')');
        name = stripTemplateArguments(name);
        name = stripReturnType(name);
        name = ANONYMOUS_CLASS.matcher(name).replaceAll("\\$");
        return name.isEmpty() ? null : name;
    }

    /** A Java/Kotlin class name with anonymous class numbers removed. */
    static String normalizeModule(String module) {
        if (module == null || module.isBlank()) {
            return null;
        }
        String m = JAVA_SYNTHETIC_LAMBDA.matcher(module.strip()).replaceAll("\\$\\$Lambda");
        m = KOTLIN_LAMBDA.matcher(m).replaceAll("\\$lambda");
        return ANONYMOUS_CLASS.matcher(m).replaceAll("\\$");
    }

    /** Drops argument lists, keeping the text before them and what follows (C++ {@code ::} scopes). */
    private static String stripBracketed(String name, char open, char close) {
        StringBuilder out = new StringBuilder(name.length());
        int depth = 0;
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c == open) {
                depth++;
            } else if (c == close && depth > 0) {
                depth--;
            } else if (depth == 0) {
                out.append(c);
            }
        }
        String stripped = out.toString().strip();
        // trailing qualifiers after the argument list: " const", " &&", " noexcept"
        for (String suffix : new String[] {" const", " volatile", " &&", " &", " noexcept"}) {
            while (stripped.endsWith(suffix)) {
                stripped = stripped.substring(0, stripped.length() - suffix.length())
                        .strip();
            }
        }
        return stripped;
    }

    private static String stripTemplateArguments(String name) {
        if (name.contains("operator<") || name.contains("operator>")) {
            return name;
        }
        StringBuilder out = new StringBuilder(name.length());
        int depth = 0;
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c == '<') {
                if (depth == 0) {
                    out.append("<T>");
                }
                depth++;
            } else if (c == '>' && depth > 0) {
                depth--;
            } else if (depth == 0) {
                out.append(c);
            }
        }
        return out.toString();
    }

    /** {@code int foo::bar} → {@code foo::bar}: the return type is whatever precedes the last space. */
    private static String stripReturnType(String name) {
        if (name.startsWith("closure in ") || name.contains(" in ")) {
            return name;
        }
        int space = name.lastIndexOf(' ');
        if (space < 0 || name.startsWith("operator")) {
            return name;
        }
        String tail = name.substring(space + 1);
        if (tail.startsWith("operator") || tail.isEmpty()) {
            return name;
        }
        return tail;
    }
}
