package org.nself.crash.symbolication;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code file} field of a {@code multipart/form-data} body, read from the raw bytes so that the
 * Netty server and the Lambda handlers (which do not decode multipart) behave alike (ADR 0001).
 */
public record MultipartFile(String fileName, byte[] content) {
    private static final Pattern BOUNDARY = Pattern.compile("(?i)boundary=(?:\"([^\"]{1,200})\"|([^;\\s]{1,200}))");
    private static final Pattern NAME = Pattern.compile("(?i);\\s*name=\"([^\"]*)\"");
    private static final Pattern FILE_NAME = Pattern.compile("(?i);\\s*filename=\"([^\"]*)\"");
    private static final int MAX_HEADER_BYTES = 8 * 1024;

    public static boolean isMultipart(String contentType) {
        return contentType != null
                && contentType.strip().toLowerCase(Locale.ROOT).startsWith("multipart/form-data");
    }

    /** One part of a body with the name of its field. */
    record Field(String name, MultipartFile file) {}

    /**
     * The part named {@code field}; empty when the body has none. Throws {@link IllegalArgumentException}
     * with a reason for a body that is not well-formed multipart.
     */
    public static Optional<MultipartFile> find(String contentType, byte[] body, String field) {
        Field[] found = new Field[1];
        walk(contentType, body, part -> {
            if (part.name().equals(field)) {
                found[0] = part;
                return false;
            }
            return true;
        });
        return Optional.ofNullable(found[0]).map(Field::file);
    }

    /** Every part, in order; more than {@code maxParts} is an {@link IllegalArgumentException}. */
    static List<Field> all(String contentType, byte[] body, int maxParts) {
        List<Field> parts = new ArrayList<>();
        walk(contentType, body, part -> {
            if (parts.size() == maxParts) {
                throw new IllegalArgumentException("multipart body has more than " + maxParts + " parts");
            }
            parts.add(part);
            return true;
        });
        return parts;
    }

    /** Hands each part to {@code visit} until it answers false or the closing delimiter comes. */
    private static void walk(String contentType, byte[] body, Predicate<Field> visit) {
        Matcher b = BOUNDARY.matcher(contentType);
        if (!b.find()) {
            throw new IllegalArgumentException("multipart Content-Type has no boundary");
        }
        byte[] delimiter =
                ("--" + (b.group(1) != null ? b.group(1) : b.group(2))).getBytes(StandardCharsets.ISO_8859_1);
        byte[] next = concat(new byte[] {'\r', '\n'}, delimiter);
        int at = indexOf(body, delimiter, 0);
        if (at < 0) {
            throw new IllegalArgumentException("multipart body has no boundary line");
        }
        int p = at + delimiter.length;
        while (true) {
            if (p + 2 <= body.length && body[p] == '-' && body[p + 1] == '-') {
                return; // closing delimiter
            }
            int headersStart = skipLineEnd(body, p);
            int headersEnd = indexOf(body, new byte[] {'\r', '\n', '\r', '\n'}, headersStart);
            if (headersEnd < 0 || headersEnd - headersStart > MAX_HEADER_BYTES) {
                throw new IllegalArgumentException("multipart part headers are missing or too long");
            }
            String headers = new String(body, headersStart, headersEnd - headersStart, StandardCharsets.UTF_8);
            int contentStart = headersEnd + 4;
            int contentEnd = indexOf(body, next, contentStart);
            if (contentEnd < 0) {
                throw new IllegalArgumentException("multipart part is not closed by a boundary");
            }
            String disposition = dispositionOf(headers);
            Matcher name = NAME.matcher(disposition);
            Matcher fileName = FILE_NAME.matcher(disposition);
            byte[] content = new byte[contentEnd - contentStart];
            System.arraycopy(body, contentStart, content, 0, content.length);
            Field part = new Field(
                    name.find() ? name.group(1) : "",
                    new MultipartFile(fileName.find() ? fileName.group(1) : null, content));
            if (!visit.test(part)) {
                return;
            }
            p = contentEnd + next.length;
        }
    }

    private static String dispositionOf(String headers) {
        for (String line : headers.split("\r\n")) {
            if (line.toLowerCase(Locale.ROOT).startsWith("content-disposition:")) {
                return line;
            }
        }
        return "";
    }

    private static int skipLineEnd(byte[] body, int p) {
        if (p + 1 < body.length && body[p] == '\r' && body[p + 1] == '\n') {
            return p + 2;
        }
        throw new IllegalArgumentException("multipart boundary line is malformed");
    }

    private static int indexOf(byte[] haystack, byte[] needle, int from) {
        outer:
        for (int i = Math.max(from, 0); i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = new byte[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
