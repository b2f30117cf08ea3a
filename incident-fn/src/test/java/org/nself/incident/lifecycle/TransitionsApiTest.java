package org.nself.incident.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nself.incident.Api;
import org.nself.shared.testing.PostgresTest;
import org.nself.shared.testing.TestHttp;

/** Every illegal move, through the API: 422 naming the allowed next states, and nothing changes. */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TransitionsApiTest implements PostgresTest {
    /** The legal moves of SPEC.md §2, written out independently of StatusMachine. */
    private static final Map<String, List<String>> LEGAL = Map.of(
            "triggered", List.of("acknowledged", "investigating", "identified", "monitoring", "resolved", "cancelled"),
            "acknowledged", List.of("investigating", "identified", "monitoring", "resolved", "cancelled"),
            "investigating", List.of("identified", "monitoring", "resolved", "cancelled"),
            "identified", List.of("monitoring", "resolved", "cancelled"),
            "monitoring", List.of("resolved", "cancelled"),
            "resolved", List.of("closed", "investigating"),
            "closed", List.of(),
            "cancelled", List.of());
    /** How to bring a new incident into each status. */
    private static final Map<String, List<String>> PATH = Map.of(
            "triggered", List.of(),
            "acknowledged", List.of("acknowledged"),
            "investigating", List.of("investigating"),
            "identified", List.of("identified"),
            "monitoring", List.of("monitoring"),
            "resolved", List.of("resolved"),
            "closed", List.of("resolved", "closed"),
            "cancelled", List.of("cancelled"));

    private static final List<String> ALL = List.of(
            "triggered",
            "acknowledged",
            "investigating",
            "identified",
            "monitoring",
            "resolved",
            "closed",
            "cancelled");

    @Inject
    EmbeddedServer server;

    static Stream<Arguments> illegalMoves() {
        List<Arguments> out = new ArrayList<>();
        for (String from : ALL) {
            for (String to : ALL) {
                if (!from.equals(to) && !LEGAL.get(from).contains(to)) {
                    out.add(Arguments.of(from, to));
                }
            }
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0} -> {1} answers 422")
    @MethodSource("illegalMoves")
    void anIllegalMoveAnswers422WithTheAllowedNextStates(String from, String to) {
        Api api = new Api(server.getURL(), Api.freshAccount());
        String id = api.createIncident("{\"title\":\"t\"}").get("id").asText();
        for (String step : PATH.get(from)) {
            assertThat(api.patch("/api/v1/incidents/" + id, "{\"status\":\"" + step + "\"}")
                            .status())
                    .isEqualTo(200);
        }
        JsonNode before = Api.json(api.get("/api/v1/incidents/" + id));

        TestHttp.Response r = api.patch("/api/v1/incidents/" + id, "{\"status\":\"" + to + "\"}");

        assertThat(r.status()).isEqualTo(422);
        JsonNode body = Api.json(r);
        assertThat(body.get("code").asText()).isEqualTo("UNPROCESSABLE");
        String named = body.get("details").get(0).get("message").asText();
        for (String allowed : LEGAL.get(from)) {
            assertThat(named).contains(allowed);
        }
        assertThat(Arrays.asList(
                        body.get("error").asText().split("allowed: ")[1].split(", ")))
                .allSatisfy(s -> assertThat(
                                LEGAL.get(from).isEmpty() || LEGAL.get(from).contains(s.strip()))
                        .isTrue());
        JsonNode after = Api.json(api.get("/api/v1/incidents/" + id));
        assertThat(after.get("status").asText()).isEqualTo(from);
        assertThat(after.get("version").asLong())
                .isEqualTo(before.get("version").asLong());
        assertThat(after.get("timeline_length").asLong())
                .isEqualTo(before.get("timeline_length").asLong());
    }
}
