package org.nself.crash.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.net.http.HttpResponse;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.nself.crash.Api;
import org.nself.shared.testing.PostgresTest;

@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CrashIngestTest implements PostgresTest {
    @Inject
    EmbeddedServer server;

    Api api;

    @BeforeEach
    void freshAccount() {
        api = new Api(server.getURI());
    }

    static String nativeEvent(String eventId, String function) {
        return """
                {"event_id":"%s","timestamp":"2026-11-20T10:00:00Z","platform":"native","level":"fatal",
                 "release":"game@1.0.0","environment":"production","user":{"id":"u1"},
                 "exception":{"values":[{"type":"SIGSEGV","value":"Segfault","mechanism":{"type":"signalhandler","handled":false,"meta":{"signal":{"number":11}}},
                   "stacktrace":{"frames":[{"function":"main","package":"/bin/game","instruction_addr":"0x1000","in_app":true},
                                           {"function":"%s","package":"/bin/game","instruction_addr":"0x2000","in_app":true}]}}]},
                 "contexts":{"os":{"name":"Linux"}}}"""
                .formatted(eventId, function);
    }

    @Test
    void aCrashReportIsCommittedAndAnsweredWithItsGroup() {
        String eventId = UUID.randomUUID().toString().replace("-", "");

        HttpResponse<String> response = api.post("/api/v1/ingest/crash", nativeEvent(eventId, "Game::tick(int)"));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("\"id\":\"" + eventId + "\"").contains("\"group_id\":\"");
    }

    @Test
    void aResentEventIdIsCountedOnceAndLandsInTheSameGroup() {
        String eventId = UUID.randomUUID().toString();

        String first = api.post("/api/v1/ingest/crash", nativeEvent(eventId, "Game::tick(int)"))
                .body();
        String second = api.post("/api/v1/ingest/crash", nativeEvent(eventId, "Game::tick(int)"))
                .body();

        assertThat(second).isEqualTo(first);
        assertThat(api.get("/api/v1/crashes").body()).contains("\"count\":1,");
    }

    @Test
    void aGzippedReportIsAccepted() {
        HttpResponse<String> response = api.postGzip(
                "/api/v1/ingest/crash", nativeEvent(UUID.randomUUID().toString(), "Game::tick(int)"));

        assertThat(response.statusCode()).isEqualTo(200);
    }

    @Test
    void badFieldsAreRefusedWithOneDetailEach() {
        HttpResponse<String> response = api.post(
                "/api/v1/ingest/crash",
                """
                {"event_id":"nope","level":"loud","exception":{"values":[{"type":5,"stacktrace":{"frames":[{"lineno":-1,"instruction_addr":"zz"}]}}]}}""");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body())
                .contains("\"code\":\"INVALID_REQUEST\"")
                .contains("\"field\":\"event_id\"")
                .contains("\"field\":\"level\"")
                .contains("\"field\":\"exception.values[0].type\"")
                .contains("\"field\":\"exception.values[0].stacktrace.frames[0].lineno\"")
                .contains("\"field\":\"exception.values[0].stacktrace.frames[0].instruction_addr\"");
    }

    @Test
    void nulCharactersAreDroppedAndUnstorableTextIsA400NotA500() {
        String withNul = "{\"event_id\":\"" + UUID.randomUUID() + "\",\"message\":\"a\\u0000b \\\\u0000 kept\"}";
        String loneSurrogate = "{\"event_id\":\"" + UUID.randomUUID() + "\",\"message\":\"x\\ud800y\"}";

        assertThat(api.post("/api/v1/ingest/crash", withNul).statusCode()).isEqualTo(200);
        assertThat(api.post("/api/v1/ingest/crash", loneSurrogate).statusCode()).isIn(200, 400);
    }

    @Test
    void malformedJsonIsA400() {
        assertThat(api.post("/api/v1/ingest/crash", "{\"event_id\":").statusCode())
                .isEqualTo(400);
        assertThat(api.post("/api/v1/ingest/crash", "[1,2]").statusCode()).isEqualTo(400);
    }

    @Test
    void aMissingEventIdIsRefused() {
        HttpResponse<String> response = api.post("/api/v1/ingest/crash", "{\"message\":\"hi\"}");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).contains("\"field\":\"event_id\"");
    }

    @Test
    void anEventOverOneMebibyteIsA413() {
        String huge = "{\"event_id\":\"" + UUID.randomUUID() + "\",\"message\":\"" + "x".repeat(1024 * 1024) + "\"}";

        HttpResponse<String> response = api.post("/api/v1/ingest/crash", huge);

        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(response.body()).contains("PAYLOAD_TOO_LARGE");
    }
}
