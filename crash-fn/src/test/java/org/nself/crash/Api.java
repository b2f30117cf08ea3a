package org.nself.crash;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import java.util.zip.GZIPOutputStream;
import org.nself.shared.testing.PostgresTest;

/** A small HTTP client for the tests: one account per instance, bearer when asked. */
public final class Api {
    private final HttpClient http = HttpClient.newHttpClient();
    private final URI base;
    public final String account;

    public Api(URI base) {
        this(base, "t-" + UUID.randomUUID().toString().substring(0, 18));
    }

    public Api(URI base, String account) {
        this.base = base;
        this.account = account;
    }

    public HttpResponse<String> get(String path) {
        return send(request(path).GET().build());
    }

    public HttpResponse<String> post(String path, String json) {
        return send(request(path)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json))
                .build());
    }

    public HttpResponse<String> patch(String path, String json) {
        return send(request(path)
                .header("Content-Type", "application/json")
                .method("PATCH", HttpRequest.BodyPublishers.ofString(json))
                .build());
    }

    public HttpResponse<String> delete(String path) {
        return send(request(path).DELETE().build());
    }

    public HttpResponse<String> postGzip(String path, String json) {
        return send(request(path)
                .header("Content-Type", "application/json")
                .header("Content-Encoding", "gzip")
                .POST(HttpRequest.BodyPublishers.ofByteArray(gzip(json.getBytes(StandardCharsets.UTF_8))))
                .build());
    }

    public HttpResponse<String> send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(base.resolve(path))
                .header("Authorization", "Bearer " + PostgresTest.PLUGIN_SECRET)
                .header("X-App-Name", account);
    }

    public HttpRequest.Builder anonymous(String path) {
        return HttpRequest.newBuilder(base.resolve(path));
    }

    /** Parses a JSON object body. */
    public static java.util.Map<String, Object> json(io.micronaut.json.JsonMapper mapper, String body) {
        try {
            return mapper.readValue(body, io.micronaut.core.type.Argument.mapOf(String.class, Object.class));
        } catch (IOException e) {
            throw new IllegalStateException("not JSON: " + body, e);
        }
    }

    /** The {@code data} list of a list answer. */
    @SuppressWarnings("unchecked")
    public static java.util.List<java.util.Map<String, Object>> data(io.micronaut.json.JsonMapper mapper, String body) {
        return (java.util.List<java.util.Map<String, Object>>)
                json(mapper, body).get("data");
    }

    public static byte[] gzip(byte[] data) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
                gz.write(data);
            }
            return out.toByteArray();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
