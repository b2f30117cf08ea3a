package org.nself.crash.envelope;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.micronaut.json.JsonMapper;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.sentry.Sentry;
import jakarta.inject.Inject;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.nself.crash.Api;
import org.nself.shared.testing.PostgresTest;

/**
 * The real Java SDK sends its envelopes through a pass-through proxy that adds two hand-made bad items to the
 * envelope carrying the SDK's event: the SDK's own items are kept, the bad ones are counted as outcomes, and
 * the SDK is answered 200 (anything else it treats as a failed send).
 */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SentrySdkBadItemTest implements PostgresTest {
    static final String BAD_EVENT = "{\"type\":\"event\"}\n{\"event_id\": \"cut off\n";

    @Inject
    EmbeddedServer server;

    @Inject
    JsonMapper json;

    @Inject
    Outcomes outcomes;

    final List<Integer> answeredToSdk = new CopyOnWriteArrayList<>();
    final List<String> sdkEnvelopesWithAnEvent = new CopyOnWriteArrayList<>();
    final HttpClient forward = HttpClient.newHttpClient();

    @Test
    void theSdksItemsAreKeptBesideBadOnesAndTheSdkIsAnswered200() throws Exception {
        Api api = new Api(server.getURI());
        var created = api.post("/api/v1/projects", "{\"name\":\"sdk-bad-items\"}");
        assertThat(created.statusCode()).isEqualTo(201);
        URI dsn = URI.create((String) Api.json(json, created.body()).get("dsn"));
        HttpServer proxy = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        proxy.createContext("/", this::relay);
        proxy.start();
        Map<String, Long> before = outcomes.snapshot();
        try {
            Sentry.init(options -> {
                options.setDsn(dsn.getScheme() + "://" + dsn.getUserInfo() + "@127.0.0.1:"
                        + proxy.getAddress().getPort() + dsn.getPath());
                options.setRelease("sdk-bad-items@1.0.0");
                options.setEnableShutdownHook(false);
                options.setFlushTimeoutMillis(15_000);
            });
            try {
                Sentry.startSession();
                Sentry.captureException(new IllegalStateException("kept beside bad items"));
                Sentry.endSession();
                Sentry.flush(15_000);
            } finally {
                Sentry.close();
            }
        } finally {
            proxy.stop(0);
        }

        // the SDK sends the event and its session's update (errors: 1) in one envelope, the end in another
        assertThat(sdkEnvelopesWithAnEvent).singleElement().asString().contains("\"type\":\"session\"");
        assertThat(answeredToSdk).isNotEmpty().containsOnly(200);
        List<Map<String, Object>> groups =
                Api.data(json, api.get("/api/v1/crashes").body());
        assertThat(groups).singleElement().satisfies(g -> {
            assertThat(g).containsEntry("exception_type", "IllegalStateException");
            assertThat(g).containsEntry("count", 1);
        });
        List<Map<String, Object>> sessions =
                Api.data(json, api.get("/api/v1/sessions").body());
        assertThat(sessions).singleElement().satisfies(s -> {
            assertThat(s).containsEntry("status", "exited");
            assertThat(s).containsEntry("errors", 1);
        });
        assertThat(delta(before, "error/invalid_json")).isEqualTo(1);
        assertThat(delta(before, "session/invalid_field")).isEqualTo(1);
    }

    /**
     * Passes the SDK's request on with its own headers; the envelope holding an event gets a broken event
     * item before the SDK's items and an invalid session item after them.
     */
    private void relay(HttpExchange exchange) throws IOException {
        byte[] body = exchange.getRequestBody().readAllBytes();
        boolean gzip = "gzip".equalsIgnoreCase(exchange.getRequestHeaders().getFirst("Content-Encoding"));
        String envelope = new String(
                gzip ? new GZIPInputStream(new ByteArrayInputStream(body)).readAllBytes() : body,
                StandardCharsets.UTF_8);
        if (envelope.contains("\"type\":\"event\"")) {
            sdkEnvelopesWithAnEvent.add(envelope);
            int headerEnd = envelope.indexOf('\n') + 1;
            envelope = envelope.substring(0, headerEnd) + BAD_EVENT + envelope.substring(headerEnd)
                    + (envelope.endsWith("\n") ? "" : "\n")
                    + "{\"type\":\"session\"}\n{\"sid\":\"" + UUID.randomUUID()
                    + "\",\"init\":true,\"started\":\"2026-11-20T10:00:00Z\",\"status\":\"ok\",\"attrs\":{}}\n";
        }
        byte[] raw = envelope.getBytes(StandardCharsets.UTF_8);
        HttpRequest.Builder request = HttpRequest.newBuilder(server.getURI().resolve(exchange.getRequestURI()))
                .POST(HttpRequest.BodyPublishers.ofByteArray(gzip ? Api.gzip(raw) : raw));
        for (String name : List.of("X-Sentry-Auth", "Content-Type", "Content-Encoding", "User-Agent")) {
            String value = exchange.getRequestHeaders().getFirst(name);
            if (value != null) {
                request.header(name, value);
            }
        }
        HttpResponse<byte[]> answer;
        try {
            answer = forward.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
        answeredToSdk.add(answer.statusCode());
        exchange.sendResponseHeaders(answer.statusCode(), answer.body().length == 0 ? -1 : answer.body().length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(answer.body());
        }
    }

    private long delta(Map<String, Long> before, String key) {
        return outcomes.snapshot().getOrDefault(key, 0L) - before.getOrDefault(key, 0L);
    }
}
