package org.nself.crash.envelope;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import io.micronaut.context.ApplicationContext;
import io.micronaut.json.JsonMapper;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.nself.crash.Api;
import org.nself.shared.lambda.RestApiHandler;
import org.nself.shared.testing.LambdaEvents;
import org.nself.shared.testing.PostgresTest;
import org.nself.shared.testing.TestHttp;

/**
 * Through the API Gateway handler an envelope behaves as on the server: its bad items are dropped and
 * counted, the rest kept, 200. (API Gateway itself refuses bodies over 10 MB before the function runs.)
 */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EnvelopeLambdaTest implements PostgresTest {
    @Inject
    ApplicationContext context;

    @Inject
    JsonMapper json;

    @Inject
    Outcomes outcomes;

    RestApiHandler handler;
    final String account = "t-" + UUID.randomUUID().toString().substring(0, 12);

    @BeforeAll
    void handler() {
        handler = new RestApiHandler(context);
    }

    LambdaEvents.Answer call(APIGatewayProxyRequestEvent event) {
        return LambdaEvents.answer(handler.handleRequest(event, null));
    }

    LambdaEvents.Answer bearer(String method, String path, String body) {
        return call(LambdaEvents.v1(method, path, TestHttp.asAccount(account), body));
    }

    @Test
    void aGzippedEnvelopeWithABadItemKeepsTheGoodOneThroughLambda() {
        Map<String, Object> project = Api.json(
                json,
                bearer("POST", "/api/v1/projects", "{\"name\":\"lambda-items\"}")
                        .body());
        String envelope = "{}\n{\"type\":\"event\"}\n{\"event_id\":\"" + UUID.randomUUID()
                + "\",\"message\":\"lambda kept\"}\n"
                + "{\"type\":\"event\"}\n{not json}\n";
        APIGatewayProxyRequestEvent event = LambdaEvents.v1(
                "POST",
                "/api/" + project.get("id") + "/envelope/",
                Map.of(
                        "Content-Type", "application/x-sentry-envelope",
                        "Content-Encoding", "gzip",
                        "X-Sentry-Auth", "Sentry sentry_key=" + project.get("public_key")),
                null);
        event.setBody(Base64.getEncoder().encodeToString(Api.gzip(envelope.getBytes(StandardCharsets.UTF_8))));
        event.setIsBase64Encoded(true);
        long before = outcomes.count(IngestEnvelope.ERROR, "invalid_json");

        LambdaEvents.Answer answer = call(event);

        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        assertThat(bearer("GET", "/api/v1/crashes?q=lambda%20kept", null).body())
                .contains("\"total\":1");
        assertThat(outcomes.count(IngestEnvelope.ERROR, "invalid_json")).isEqualTo(before + 1);
    }
}
