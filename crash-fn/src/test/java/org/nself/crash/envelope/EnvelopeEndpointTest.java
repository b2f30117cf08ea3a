package org.nself.crash.envelope;

import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.json.JsonMapper;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.io.ByteArrayOutputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.nself.crash.Api;
import org.nself.shared.testing.PostgresTest;

@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EnvelopeEndpointTest implements PostgresTest {
    @Inject
    EmbeddedServer server;

    @Inject
    JsonMapper json;

    Api api;
    long projectId;
    String key;

    @BeforeEach
    void freshProject() {
        api = new Api(server.getURI());
        Map<String, Object> project =
                Api.json(json, api.post("/api/v1/projects", "{\"name\":\"p\"}").body());
        projectId = ((Number) project.get("id")).longValue();
        key = (String) project.get("public_key");
    }

    static String event(String eventId) {
        return "{\"event_id\":\"" + eventId + "\",\"platform\":\"java\",\"level\":\"error\",\"release\":\"r@1\","
                + "\"exception\":{\"values\":[{\"type\":\"IOException\",\"value\":\"x\",\"module\":\"java.io\","
                + "\"stacktrace\":{\"frames\":[{\"module\":\"com.acme.Io\",\"function\":\"read\",\"lineno\":3}]}}]}}";
    }

    HttpResponse<String> envelope(String query, byte[] body, Map<String, String> headers) {
        HttpRequest.Builder request = api.anonymous("/api/" + projectId + "/envelope/" + query)
                .header("Content-Type", "application/x-sentry-envelope")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        headers.forEach(request::header);
        return api.send(request.build());
    }

    Map<String, String> auth() {
        return Map.of("X-Sentry-Auth", "Sentry sentry_version=7, sentry_client=test/1.0, sentry_key=" + key);
    }

    @Test
    void anEnvelopeWithAnEventAndUnknownItemsStoresTheEventAndSkipsTheRest() {
        String id = UUID.randomUUID().toString().replace("-", "");
        String attachment = "binary\nwith newline";
        String body = "{\"event_id\":\"" + id + "\",\"sent_at\":\"2026-11-20T10:00:00Z\"}\n"
                + "{\"type\":\"client_report\"}\n{\"discarded_events\":[]}\n"
                + "{\"type\":\"attachment\",\"length\":" + attachment.length() + ",\"filename\":\"a.txt\"}\n"
                + attachment + "\n"
                + "{\"type\":\"event\"}\n" + event(id) + "\n"
                + "{\"type\":\"transaction\"}\n{}\n";

        HttpResponse<String> response = envelope("", body.getBytes(StandardCharsets.UTF_8), auth());

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("{\"id\":\"" + id + "\"}");
        assertThat(Api.data(json, api.get("/api/v1/crashes").body())).hasSize(1);
    }

    @Test
    void aGzippedEnvelopeAuthenticatedByQueryKeyIsAccepted() {
        String id = UUID.randomUUID().toString().replace("-", "");
        byte[] body = Api.gzip(("{}\n{\"type\":\"event\"}\n" + event(id) + "\n"
                        + "{\"type\":\"session\"}\n{\"sid\":\"" + UUID.randomUUID()
                        + "\",\"init\":true,\"started\":\"2026-11-20T10:00:00Z\","
                        + "\"status\":\"exited\",\"attrs\":{\"release\":\"r@1\"}}\n")
                .getBytes(StandardCharsets.UTF_8));

        HttpResponse<String> response = envelope("?sentry_key=" + key, body, Map.of("Content-Encoding", "gzip"));

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(Api.data(json, api.get("/api/v1/crashes").body())).hasSize(1);
        assertThat(Api.data(json, api.get("/api/v1/sessions").body())).hasSize(1);
    }

    @Test
    void sessionAggregatesInAnEnvelopeAreAccepted() {
        String body =
                "{}\n{\"type\":\"sessions\"}\n{\"aggregates\":[{\"started\":\"2026-11-20T10:00:00Z\",\"exited\":3}],"
                        + "\"attrs\":{\"release\":\"r@1\"}}\n";

        assertThat(envelope("", body.getBytes(StandardCharsets.UTF_8), auth()).statusCode())
                .isEqualTo(200);
    }

    @Test
    void theLegacyStoreEndpointTakesAPlainEvent() {
        String id = UUID.randomUUID().toString().replace("-", "");
        HttpResponse<String> response = api.send(api.anonymous("/api/" + projectId + "/store/")
                .header("Content-Type", "application/json")
                .header("X-Sentry-Auth", "Sentry sentry_key=" + key)
                .POST(HttpRequest.BodyPublishers.ofString(event(id)))
                .build());

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(response.body()).contains(id);
    }

    @Test
    void anUnknownKeyOrAnotherProjectsKeyIsRefused() {
        byte[] body = ("{}\n{\"type\":\"event\"}\n" + event(UUID.randomUUID().toString()) + "\n")
                .getBytes(StandardCharsets.UTF_8);

        assertThat(envelope("?sentry_key=" + "0".repeat(32), body, Map.of()).statusCode())
                .isEqualTo(401);
        assertThat(envelope("", body, Map.of()).statusCode()).isEqualTo(401);
        HttpResponse<String> wrongProject =
                api.send(api.anonymous("/api/" + (projectId + 1000) + "/envelope/?sentry_key=" + key)
                        .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                        .build());
        assertThat(wrongProject.statusCode()).isEqualTo(401);
    }

    @Test
    void anEnvelopeThatInflatesBeyondOneHundredMebibytesIsA413() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write("{}\n{\"type\":\"attachment\"}\n".getBytes(StandardCharsets.UTF_8));
            byte[] zeros = new byte[1 << 20];
            for (int i = 0; i < 101; i++) {
                gz.write(zeros);
            }
        }

        HttpResponse<String> response =
                envelope("?sentry_key=" + key, out.toByteArray(), Map.of("Content-Encoding", "gzip"));

        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(response.body()).contains("PAYLOAD_TOO_LARGE");
    }

    @Test
    void anEnvelopeOverTwentyMebibytesOnTheWireIsA413() {
        byte[] body = new byte[21 * 1024 * 1024];
        java.util.Arrays.fill(body, (byte) 'a');

        HttpResponse<String> response = envelope("?sentry_key=" + key, body, Map.of());

        assertThat(response.statusCode()).isEqualTo(413);
    }

    @Test
    void anEventItemOverOneMebibyteIsDroppedAndTheEnvelopeAnswers200() {
        // issue 13: an item over its limit is dropped as Relay's too_large:event outcome, no longer a 413
        String big = "{\"event_id\":\"" + UUID.randomUUID() + "\",\"message\":\"" + "m".repeat(1024 * 1024) + "\"}";
        byte[] body = ("{}\n{\"type\":\"event\"}\n" + big + "\n").getBytes(StandardCharsets.UTF_8);

        assertThat(envelope("?sentry_key=" + key, body, Map.of()).statusCode()).isEqualTo(200);
        assertThat(Api.data(json, api.get("/api/v1/crashes").body())).isEmpty();
    }

    @Test
    void aKeyOnlyInTheEnvelopeHeadersDsnAuthenticatesAGzippedEnvelope() {
        String id = UUID.randomUUID().toString().replace("-", "");
        String dsn = "https://" + key + "@crash.example.com/" + projectId;
        byte[] body = Api.gzip(
                ("{\"event_id\":\"" + id + "\",\"dsn\":\"" + dsn + "\"}\n{\"type\":\"event\"}\n" + event(id) + "\n")
                        .getBytes(StandardCharsets.UTF_8));
        byte[] wrongKey = Api.gzip(("{\"dsn\":\"https://0123456789abcdef0123456789abcdef@h/" + projectId + "\"}\n")
                .getBytes(StandardCharsets.UTF_8));

        HttpResponse<String> accepted = envelope("", body, Map.of("Content-Encoding", "gzip"));
        HttpResponse<String> refused = envelope("", wrongKey, Map.of());

        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(200);
        assertThat(accepted.body()).isEqualTo("{\"id\":\"" + id + "\"}");
        assertThat(refused.statusCode()).isEqualTo(401);
    }

    @Test
    void aMalformedEnvelopeIsA400() {
        byte[] body = "not json\n".getBytes(StandardCharsets.UTF_8);

        assertThat(envelope("?sentry_key=" + key, body, Map.of()).statusCode()).isEqualTo(400);
        byte[] shortItem = "{}\n{\"type\":\"event\",\"length\":500}\n{}\n".getBytes(StandardCharsets.UTF_8);
        assertThat(envelope("?sentry_key=" + key, shortItem, Map.of()).statusCode())
                .isEqualTo(400);
    }
}
