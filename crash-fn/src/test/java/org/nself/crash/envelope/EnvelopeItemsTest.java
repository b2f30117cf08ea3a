package org.nself.crash.envelope;

import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.json.JsonMapper;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.nself.crash.Api;
import org.nself.shared.error.ErrorCode;
import org.nself.shared.error.Rejections;
import org.nself.shared.testing.PostgresTest;

/**
 * Envelope items stand alone, as in Relay: a bad one is dropped and counted as an outcome with its reason,
 * the ones around it are kept, and the envelope answers 200; only broken framing stops it (400).
 */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EnvelopeItemsTest implements PostgresTest {
    static final int MIB = 1024 * 1024;

    @Inject
    EmbeddedServer server;

    @Inject
    JsonMapper json;

    @Inject
    Outcomes outcomes;

    @Inject
    Rejections rejections;

    SentryProject project;

    @BeforeEach
    void freshProject() {
        project = SentryProject.create(server, json);
    }

    static String id() {
        return UUID.randomUUID().toString().replace("-", "");
    }

    static String event(String eventId, String message) {
        return "{\"event_id\":\"" + eventId + "\",\"level\":\"error\",\"message\":\"" + message + "\"}";
    }

    static String session(String release) {
        return "{\"sid\":\"" + UUID.randomUUID() + "\",\"init\":true,\"started\":\"2026-11-20T10:00:00Z\","
                + "\"status\":\"exited\",\"attrs\":{" + (release == null ? "" : "\"release\":\"" + release + "\"")
                + "}}";
    }

    HttpResponse<String> send(String body) {
        return send(body.getBytes(StandardCharsets.UTF_8));
    }

    HttpResponse<String> send(byte[] body) {
        return project.envelope(body, Map.of("Content-Type", "application/x-sentry-envelope"));
    }

    long crashes(String q) {
        return project.crashes(q);
    }

    long sessions() {
        return project.sessions();
    }

    @Test
    void badItemsAreDroppedAndCountedWhileTheItemsAroundThemAreKept() {
        String first = id();
        String last = id();
        String tooLarge = "{\"event_id\":\"" + id() + "\",\"message\":\"" + "m".repeat(MIB) + "\"}";
        String body = "{\"event_id\":\"" + last + "\"}\n"
                + "{\"type\":\"event\"}\n" + event(first, "kept-first") + "\n"
                + "{\"type\":\"event\"}\n{\"event_id\": not json\n"
                + "{\"type\":\"event\"}\n" + event("not-an-event-id", "bad-field") + "\n"
                + "{\"type\":\"event\",\"length\":" + tooLarge.length() + "}\n" + tooLarge + "\n"
                + "{\"type\":\"event\"}\n" + tooLarge + "\n"
                + "{\"type\":\"session\"}\n" + session(null) + "\n"
                + "{\"type\":\"sessions\"}\n{\"aggregates\":\"many\"}\n"
                + "{\"type\":\"session\"}\n" + session("r@1") + "\n"
                + "{\"type\":\"event\"}\n" + event(last, "kept-last") + "\n";
        Map<String, Long> before = outcomes.snapshot();

        HttpResponse<String> response = send(body);

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("{\"id\":\"" + last + "\"}");
        assertThat(crashes("kept-first")).isEqualTo(1);
        assertThat(crashes("kept-last")).isEqualTo(1);
        assertThat(crashes("bad-field")).isZero();
        assertThat(sessions()).isEqualTo(1);
        assertThat(delta(before, "error/invalid_json")).isEqualTo(1);
        assertThat(delta(before, "error/invalid_field")).isEqualTo(1);
        assertThat(delta(before, "error/too_large:event")).isEqualTo(2);
        assertThat(delta(before, "session/invalid_field")).isEqualTo(2);
    }

    @Test
    void anEnvelopeWhoseOnlyEventIsDroppedAnswers200WithTheHeadersEventId() {
        String eventId = id();

        HttpResponse<String> response =
                send("{\"event_id\":\"" + eventId + "\"}\n{\"type\":\"event\"}\n[\"not\",\"an\",\"object\"]\n");

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("{\"id\":\"" + eventId + "\"}");
        assertThat(Api.data(json, project.api().get("/api/v1/crashes").body())).isEmpty();
    }

    @Test
    void brokenFramingIsA400InvalidEnvelopeAndKeepsTheItemsBeforeIt() {
        long refusedBefore = rejections.count(ErrorCode.INVALID_REQUEST, EnvelopeFraming.INVALID_ENVELOPE);
        String body = "{}\n{\"type\":\"event\"}\n" + event(id(), "before-the-break") + "\n"
                + "this is not an item header\n"
                + "{\"type\":\"event\"}\n" + event(id(), "after-the-break") + "\n";

        HttpResponse<String> response = send(body);

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).contains("INVALID_REQUEST").contains("envelope.items[1].header");
        assertThat(rejections.count(ErrorCode.INVALID_REQUEST, EnvelopeFraming.INVALID_ENVELOPE))
                .isEqualTo(refusedBefore + 1);
        assertThat(crashes("before-the-break")).isEqualTo(1);
        assertThat(crashes("after-the-break")).isZero();
    }

    @Test
    void aResentEnvelopeWithADroppedItemChangesNothing() {
        String body = "{}\n{\"type\":\"event\"}\n" + event(id(), "resent") + "\n"
                + "{\"type\":\"event\"}\n{]\n"
                + "{\"type\":\"session\"}\n" + session("r@1") + "\n";

        assertThat(send(body).statusCode()).isEqualTo(200);
        assertThat(send(body).statusCode()).isEqualTo(200);

        assertThat(crashes("resent")).isEqualTo(1);
        assertThat(Api.data(json, project.api().get("/api/v1/crashes?q=resent").body())
                        .get(0))
                .containsEntry("count", 1);
        assertThat(sessions()).isEqualTo(1);
    }

    @Test
    void aHundredSessionItemsAreKeptAndTheHundredAndFirstIsDropped() {
        StringBuilder body = new StringBuilder("{}\n");
        for (int i = 0; i < IngestEnvelope.MAX_SESSION_ITEMS + 1; i++) {
            body.append("{\"type\":\"session\"}\n").append(session("r@1")).append('\n');
        }
        body.append("{\"type\":\"event\"}\n")
                .append(event(id(), "after-the-sessions"))
                .append('\n');
        Map<String, Long> before = outcomes.snapshot();

        HttpResponse<String> response = send(body.toString());

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(sessions()).isEqualTo(100);
        assertThat(delta(before, "session/too_large:session")).isEqualTo(1);
        assertThat(crashes("after-the-sessions")).isEqualTo(1);
    }

    @Test
    void anEventOfExactlyOneMebibyteIsKeptAndOneByteMoreIsDropped() {
        String atLimit = eventOfSize(MIB, "exactly-the-limit");
        String overLimit = eventOfSize(MIB + 1, "one-byte-over");
        Map<String, Long> before = outcomes.snapshot();

        HttpResponse<String> response = send("{}\n{\"type\":\"event\",\"length\":" + MIB + "}\n" + atLimit + "\n"
                + "{\"type\":\"event\",\"length\":" + (MIB + 1) + "}\n" + overLimit + "\n"
                + "{\"type\":\"event\"}\n" + overLimit + "\n");

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(crashes("exactly-the-limit")).isEqualTo(1);
        assertThat(crashes("one-byte-over")).isZero();
        assertThat(delta(before, "error/too_large:event")).isEqualTo(2);
    }

    /** An event of exactly {@code size} bytes (ASCII), padded by an {@code extra} string. */
    static String eventOfSize(int size, String message) {
        String head = "{\"event_id\":\"" + id() + "\",\"message\":\"" + message + "\",\"extra\":{\"pad\":\"";
        String tail = "\"}}";
        String event = head + "p".repeat(size - head.length() - tail.length()) + tail;
        assertThat(event).hasSize(size);
        return event;
    }

    private long delta(Map<String, Long> before, String key) {
        return outcomes.snapshot().getOrDefault(key, 0L) - before.getOrDefault(key, 0L);
    }
}
