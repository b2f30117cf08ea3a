package org.nself.shared.testing.hostile;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.zip.GZIPOutputStream;

/**
 * Hostile inputs and the client that sends them: every send ends in an {@link Outcome} (a status, or
 * the transport failure: reset, no answer within the time-out), never an exception.
 */
public final class Hostile {
    /** How long one request may go unanswered; a parser that backtracks or spins runs into it. */
    public static final Duration TIMEOUT = Duration.ofSeconds(60);

    private static final ExecutorService EXECUTOR = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "hostile-client");
        t.setDaemon(true);
        return t;
    });
    private static final HttpClient CLIENT = HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(20))
            .version(HttpClient.Version.HTTP_1_1)
            .executor(EXECUTOR)
            .build();

    private Hostile() {}

    /** What one request got: an HTTP status (0 when the transport failed, then {@code failure} says how). */
    public record Outcome(int status, String retryAfter, String body, String failure) {
        public boolean answered() {
            return failure == null;
        }

        public boolean clientError() {
            return status >= 400 && status < 500;
        }

        public boolean success() {
            return status >= 200 && status < 300;
        }

        /** 429, or 503 with Retry-After: the service refused for overload and said when to come back. */
        public boolean overloadRefusal() {
            return status == 429 || (status == 503 && retryAfter != null);
        }

        @Override
        public String toString() {
            if (failure != null) {
                return failure;
            }
            String b = body == null ? "" : body.replaceAll("\\s+", " ");
            return status + (b.isEmpty() ? "" : " " + (b.length() > 160 ? b.substring(0, 160) + "…" : b));
        }
    }

    public static Outcome send(
            FunctionProcess fn,
            String method,
            String path,
            Map<String, String> headers,
            byte[] body,
            Duration timeout) {
        return sendAsync(fn, method, path, headers, body, timeout).join();
    }

    public static Outcome send(
            FunctionProcess fn, String method, String path, Map<String, String> headers, byte[] body) {
        return send(fn, method, path, headers, body, TIMEOUT);
    }

    public static CompletableFuture<Outcome> sendAsync(
            FunctionProcess fn,
            String method,
            String path,
            Map<String, String> headers,
            byte[] body,
            Duration timeout) {
        HttpRequest.Builder request = HttpRequest.newBuilder(fn.uri(path))
                .timeout(timeout)
                .method(
                        method,
                        body == null
                                ? HttpRequest.BodyPublishers.noBody()
                                : HttpRequest.BodyPublishers.ofByteArray(body));
        headers.forEach(request::header);
        try {
            return CLIENT.sendAsync(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8))
                    .handle((response, error) -> {
                        if (error != null) {
                            Throwable cause = error instanceof CompletionException && error.getCause() != null
                                    ? error.getCause()
                                    : error;
                            return new Outcome(
                                    0,
                                    null,
                                    null,
                                    "no answer: " + cause.getClass().getSimpleName()
                                            + (cause.getMessage() == null ? "" : " (" + cause.getMessage() + ")"));
                        }
                        return new Outcome(
                                response.statusCode(),
                                response.headers().firstValue("Retry-After").orElse(null),
                                response.body(),
                                null);
                    });
        } catch (IllegalArgumentException e) {
            return CompletableFuture.completedFuture(new Outcome(0, null, null, "not sent: " + e.getMessage()));
        }
    }

    /** The same request {@code count} times at once; the answers in order. */
    public static List<Outcome> concurrently(
            int count, FunctionProcess fn, String method, String path, Map<String, String> headers, byte[] body) {
        return concurrently(count, fn, method, path, headers, i -> body);
    }

    /** {@code count} requests at once, the i-th with {@code body.apply(i)}; the answers in order. */
    public static List<Outcome> concurrently(
            int count,
            FunctionProcess fn,
            String method,
            String path,
            Map<String, String> headers,
            java.util.function.IntFunction<byte[]> body) {
        List<byte[]> bodies = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            bodies.add(body.apply(i));
        }
        List<CompletableFuture<Outcome>> all = new ArrayList<>();
        for (byte[] b : bodies) {
            all.add(sendAsync(fn, method, path, headers, b, TIMEOUT));
        }
        return all.stream().map(CompletableFuture::join).toList();
    }

    // ---- inputs ----

    /** {@code n} zero bytes, gzip-compressed (about n / 1000 bytes): a decompression bomb. */
    public static byte[] gzipOfZeros(long n) {
        ByteArrayOutputStream out = new ByteArrayOutputStream((int) Math.min(n / 900 + 1024, Integer.MAX_VALUE));
        try (GZIPOutputStream gz = new GZIPOutputStream(out, 64 * 1024)) {
            byte[] zeros = new byte[64 * 1024];
            for (long left = n; left > 0; left -= zeros.length) {
                gz.write(zeros, 0, (int) Math.min(left, zeros.length));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    public static byte[] gzip(byte[] data) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(data.length / 4 + 64);
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(data);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** {@code depth} nested JSON arrays, opened and never closed: {@code [[[[…}. */
    public static byte[] deepJson(int depth) {
        byte[] b = new byte[depth];
        Arrays.fill(b, (byte) '[');
        return b;
    }

    /** The same, as the value of a field of an object, so routes that want an object parse into it. */
    public static byte[] deepJsonInField(String field, int depth) {
        return ("{\"" + field + "\":" + new String(deepJson(depth), StandardCharsets.US_ASCII))
                .getBytes(StandardCharsets.US_ASCII);
    }

    /**
     * {@code prefix + element (, element)* + suffix} with as many elements as fit in {@code maxBytes}:
     * the largest array the route's size limit lets through.
     */
    public static byte[] arrayWithin(String prefix, String element, String suffix, long maxBytes) {
        long room = maxBytes - prefix.length() - suffix.length();
        long count = (room + 1) / (element.length() + 1);
        StringBuilder sb = new StringBuilder((int) maxBytes);
        sb.append(prefix);
        for (long i = 0; i < count; i++) {
            if (i > 0) {
                sb.append(',');
            }
            sb.append(element);
        }
        sb.append(suffix);
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** How many elements {@link #arrayWithin} puts in. */
    public static long elementsWithin(String prefix, String element, String suffix, long maxBytes) {
        return (maxBytes - prefix.length() - suffix.length() + 1) / (element.length() + 1);
    }
}
