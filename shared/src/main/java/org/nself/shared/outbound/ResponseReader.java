package org.nself.shared.outbound;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.nself.shared.outbound.OutboundHttp.Failure;
import org.nself.shared.outbound.OutboundHttp.Request;
import org.nself.shared.outbound.OutboundHttp.Response;

/**
 * Reads an HTTP/1.x response: interim answers skipped, the head bounded by
 * {@link OutboundHttp#MAX_RESPONSE_HEAD}, the body ({@code Content-Length}, chunked or until close) kept
 * only up to the caller's cap.
 */
final class ResponseReader {
    private static final int MAX_LINE = 8 * 1024;

    private ResponseReader() {}

    static Response read(InputStream in, Request request, OutboundPolicy.Target target) throws IOException, Failure {
        int[] headBudget = {OutboundHttp.MAX_RESPONSE_HEAD};
        while (true) {
            String statusLine = readLine(in, headBudget, target);
            if (statusLine == null) {
                throw new Failure(
                        Failure.Kind.BAD_RESPONSE, target.host() + " closed the connection without answering");
            }
            String[] parts = statusLine.split(" ", 3);
            if (parts.length < 2 || !parts[0].startsWith("HTTP/1.") || !parts[1].matches("[1-5][0-9][0-9]")) {
                throw new Failure(Failure.Kind.BAD_RESPONSE, target.host() + " did not answer HTTP/1.x");
            }
            int status = Integer.parseInt(parts[1]);
            Map<String, List<String>> headers = new LinkedHashMap<>();
            String line;
            while ((line = readLine(in, headBudget, target)) != null && !line.isEmpty()) {
                int colon = line.indexOf(':');
                if (colon <= 0) {
                    throw new Failure(Failure.Kind.BAD_RESPONSE, target.host() + " sent a malformed header");
                }
                headers.computeIfAbsent(
                                line.substring(0, colon).strip().toLowerCase(Locale.ROOT), k -> new ArrayList<>())
                        .add(line.substring(colon + 1).strip());
            }
            if (line == null) {
                throw new Failure(Failure.Kind.BAD_RESPONSE, target.host() + " closed the connection mid-answer");
            }
            if (status >= 100 && status < 200 && status != 101) {
                continue; // an interim answer (100 Continue, 103 Early Hints): the real one follows
            }
            boolean noBody = request.method().equals("HEAD") || status < 200 || status == 204 || status == 304;
            if (noBody || request.maxBody() <= 0) {
                return new Response(status, headers, new byte[0], false);
            }
            return body(in, status, headers, request.maxBody(), target);
        }
    }

    private static Response body(
            InputStream in, int status, Map<String, List<String>> headers, int cap, OutboundPolicy.Target target)
            throws IOException, Failure {
        ByteArrayOutputStream out = new ByteArrayOutputStream(Math.min(cap, 8192));
        List<String> encoding = headers.getOrDefault("transfer-encoding", List.of());
        boolean truncated;
        if (encoding.stream().anyMatch(e -> e.toLowerCase(Locale.ROOT).contains("chunked"))) {
            truncated = chunked(in, out, cap, target);
        } else if (headers.containsKey("content-length")) {
            long length;
            try {
                length = Long.parseLong(headers.get("content-length").get(0));
            } catch (NumberFormatException e) {
                throw new Failure(Failure.Kind.BAD_RESPONSE, target.host() + " sent a malformed Content-Length");
            }
            if (length < 0) {
                throw new Failure(Failure.Kind.BAD_RESPONSE, target.host() + " sent a malformed Content-Length");
            }
            long wanted = Math.min(length, cap);
            copy(in, out, wanted, true, target);
            truncated = length > cap;
        } else {
            truncated = copy(in, out, cap + 1L, false, target) > cap;
            if (truncated) {
                byte[] kept = java.util.Arrays.copyOf(out.toByteArray(), cap);
                return new Response(status, headers, kept, true);
            }
        }
        return new Response(status, headers, out.toByteArray(), truncated);
    }

    /** Decodes chunks into {@code out} up to {@code cap} bytes; true when there was more. */
    private static boolean chunked(InputStream in, ByteArrayOutputStream out, int cap, OutboundPolicy.Target target)
            throws IOException, Failure {
        while (true) {
            // chunk lines are bounded one by one; the body cap bounds how many there are
            String line = readLine(in, new int[] {MAX_LINE}, target);
            if (line == null) {
                throw new Failure(Failure.Kind.BAD_RESPONSE, target.host() + " ended a chunked body early");
            }
            int semicolon = line.indexOf(';');
            String hex = (semicolon < 0 ? line : line.substring(0, semicolon)).strip();
            long size;
            try {
                size = Long.parseLong(hex, 16);
            } catch (NumberFormatException e) {
                throw new Failure(Failure.Kind.BAD_RESPONSE, target.host() + " sent a malformed chunk");
            }
            if (size < 0) {
                throw new Failure(Failure.Kind.BAD_RESPONSE, target.host() + " sent a malformed chunk");
            }
            if (size == 0) {
                return false; // trailers are not read: the connection closes
            }
            long room = cap - out.size();
            if (size > room) {
                copy(in, out, room, true, target);
                return true;
            }
            copy(in, out, size, true, target);
            String end = readLine(in, new int[] {MAX_LINE}, target);
            if (end == null || !end.isEmpty()) {
                throw new Failure(Failure.Kind.BAD_RESPONSE, target.host() + " sent a malformed chunk");
            }
        }
    }

    /** Copies up to {@code n} bytes; with {@code exact} an earlier end is a failure. Returns the count. */
    private static long copy(InputStream in, ByteArrayOutputStream out, long n, boolean exact, OutboundPolicy.Target t)
            throws IOException, Failure {
        byte[] buffer = new byte[8192];
        long copied = 0;
        while (copied < n) {
            int read = in.read(buffer, 0, (int) Math.min(buffer.length, n - copied));
            if (read < 0) {
                if (exact) {
                    throw new Failure(Failure.Kind.BAD_RESPONSE, t.host() + " closed the connection mid-body");
                }
                break;
            }
            out.write(buffer, 0, read);
            copied += read;
        }
        return copied;
    }

    /** A line without its CRLF (or LF), null at the end of the stream; counts against the head budget. */
    private static String readLine(InputStream in, int[] budget, OutboundPolicy.Target target)
            throws IOException, Failure {
        StringBuilder line = new StringBuilder();
        while (true) {
            int b = in.read();
            if (b < 0) {
                return line.length() == 0 ? null : line.toString();
            }
            if (--budget[0] < 0 || line.length() > MAX_LINE) {
                throw new Failure(Failure.Kind.BAD_RESPONSE, target.host() + " sent an oversized response head");
            }
            if (b == '\n') {
                int len = line.length();
                if (len > 0 && line.charAt(len - 1) == '\r') {
                    line.setLength(len - 1);
                }
                return line.toString();
            }
            line.append((char) b);
        }
    }
}
