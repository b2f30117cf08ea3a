package org.nself.shared.json;

import java.util.regex.Pattern;
import org.nself.shared.limits.StorableValues;

/**
 * What a reader does with text PostgreSQL cannot store ({@code text} and {@code jsonb} refuse NUL,
 * U+0000; {@code jsonb} also refuses an unpaired surrogate). The one place this rule lives: each
 * reader names its choice.
 */
public enum TextRule {
    /**
     * Refused, naming the field ({@link StorableValues#NUL}, {@link StorableValues#BROKEN_UNICODE}):
     * management APIs, where a client can fix what it sent.
     */
    REFUSE,
    /**
     * NUL characters are dropped and the rest kept: permissive payloads from SDKs (Sentry events),
     * where refusing a crash report for one stray character loses the report.
     */
    DROP_NUL;

    private static final Pattern NUL_ESCAPE = Pattern.compile("(?<!\\\\)((?:\\\\\\\\)*)\\\\u0000");

    /** Why {@code value} cannot be kept under this rule, or null when it can (after {@link #apply}). */
    public String problem(CharSequence value) {
        return this == REFUSE ? StorableValues.textProblem(value) : null;
    }

    /** The text to keep: unchanged under {@link #REFUSE}, without NUL characters under {@link #DROP_NUL}. */
    public String apply(String value) {
        return this == DROP_NUL && value.indexOf('\u0000') >= 0 ? value.replace("\u0000", "") : value;
    }

    /**
     * JSON text with its {@code \u0000} escapes dropped (an escaped backslash before {@code u0000} is
     * kept): the {@link #DROP_NUL} rule for a document stored whole as {@code jsonb}.
     */
    public static String withoutNulEscapes(String json) {
        return json == null || json.indexOf("\\u0000") < 0
                ? json
                : NUL_ESCAPE.matcher(json).replaceAll("$1");
    }
}
