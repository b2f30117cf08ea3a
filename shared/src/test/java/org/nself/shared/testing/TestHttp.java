package org.nself.shared.testing;

import java.io.IOException;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;

/** A plain HTTP client for tests: any method, raw bytes, any header, and no exception for a 4xx or 5xx. */
public final class TestHttp {
    private static final HttpClient CLIENT = HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(10))
            .version(HttpClient.Version.HTTP_1_1)
            .build();
    private final URL base;

    public TestHttp(URL base) {
        this.base = base;
    }

    /** What came back. Header names are case-insensitive. */
    public record Response(int status, Map<String, String> headers, String body) {}

    public Response get(String path, Map<String, String> headers) {
        return send("GET", path, headers, (byte[]) null);
    }

    public Response send(String method, String path, Map<String, String> headers, byte[] body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(
                        URI.create(base.toString().replaceAll("/$", "") + path))
                .timeout(Duration.ofSeconds(60))
                .method(
                        method,
                        body == null
                                ? HttpRequest.BodyPublishers.noBody()
                                : HttpRequest.BodyPublishers.ofByteArray(body));
        headers.forEach(request::header);
        try {
            HttpResponse<byte[]> response = CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            Map<String, String> h = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
            response.headers().map().forEach((k, v) -> h.put(k, String.join(",", v)));
            return new Response(response.statusCode(), h, new String(response.body(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public Response send(String method, String path, Map<String, String> headers, String body) {
        return send(method, path, headers, body == null ? null : body.getBytes(StandardCharsets.UTF_8));
    }

    /** Headers with the plugin secret as bearer and the given account. */
    public static Map<String, String> asAccount(String account) {
        return Map.of(
                "Authorization",
                "Bearer " + PostgresTest.PLUGIN_SECRET,
                "X-App-Name",
                account,
                "Content-Type",
                "application/json");
    }
}
