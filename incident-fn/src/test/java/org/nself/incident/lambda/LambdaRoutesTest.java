package org.nself.incident.lambda;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.nself.incident.Api;
import org.nself.shared.lambda.HttpApiHandler;
import org.nself.shared.lambda.RestApiHandler;
import org.nself.shared.testing.LambdaEvents;
import org.nself.shared.testing.PostgresTest;
import org.nself.shared.testing.TestHttp;

/** Every incident route group answers through the Lambda handlers (API Gateway v1 and v2) as through Netty. */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LambdaRoutesTest implements PostgresTest {
    @Override
    public Map<String, String> extraProperties() {
        // 203.0.113.0/24 (documentation, refused by default) stands for a public target; nothing is sent there
        return Map.of("nself.outbound.allow", "203.0.113.0/24");
    }

    @Inject
    EmbeddedServer server;

    @Inject
    ApplicationContext context;

    private RestApiHandler v1;
    private HttpApiHandler v2;

    @BeforeAll
    void handlers() {
        v1 = new RestApiHandler(context);
        v2 = new HttpApiHandler(context);
    }

    private LambdaEvents.Answer viaV1(String method, String path, Map<String, String> headers, String body) {
        return LambdaEvents.answer(v1.handleRequest(LambdaEvents.v1(method, path, headers, body), null));
    }

    private LambdaEvents.Answer viaV2(String method, String path, Map<String, String> headers, String body) {
        return LambdaEvents.answer(v2.handleRequest(LambdaEvents.v2(method, path, headers, body), null));
    }

    private static JsonNode json(LambdaEvents.Answer a) {
        try {
            return Api.JSON.readTree(a.body());
        } catch (Exception e) {
            throw new AssertionError(a.body(), e);
        }
    }

    @Test
    void incidentsAndTheirTimelineWorkThroughLambda() {
        Api api = new Api(server.getURL(), Api.freshAccount());
        Map<String, String> h = TestHttp.asAccount(api.account());

        LambdaEvents.Answer created =
                viaV1("POST", "/api/v1/incidents", h, "{\"title\":\"via lambda\",\"severity\":\"SEV2\"}");
        String id = json(created).get("id").asText();
        LambdaEvents.Answer patched = viaV2("PATCH", "/api/v1/incidents/" + id, h, "{\"status\":\"acknowledged\"}");
        Map<String, String> stale = new HashMap<>(h);
        stale.put("If-Match", "\"1\"");
        LambdaEvents.Answer refused = viaV1("PATCH", "/api/v1/incidents/" + id, stale, "{\"severity\":\"SEV1\"}");
        LambdaEvents.Answer illegal = viaV2("PATCH", "/api/v1/incidents/" + id, h, "{\"status\":\"closed\"}");
        LambdaEvents.Answer note = viaV2("POST", "/api/v1/incidents/" + id + "/timeline", h, "{\"message\":\"hello\"}");

        assertThat(created.status()).as(created.body()).isEqualTo(201);
        assertThat(patched.status()).isEqualTo(200);
        assertThat(patched.headers().get("ETag")).isEqualTo("\"2\"");
        assertThat(refused.status()).isEqualTo(412);
        assertThat(illegal.status()).isEqualTo(422);
        assertThat(note.status()).isEqualTo(201);
        assertThat(json(note).get("seq").asLong()).isEqualTo(3);
        for (String path : new String[] {
            "/api/v1/incidents?status=acknowledged&sort=severity",
            "/api/v1/incidents/" + id,
            "/api/v1/incidents/" + id + "/timeline?limit=10"
        }) {
            TestHttp.Response netty = api.get(path);
            assertThat(viaV1("GET", path, h, null).body()).as(path).isEqualTo(netty.body());
            assertThat(viaV2("GET", path, h, null).body()).as(path).isEqualTo(netty.body());
        }
    }

    @Test
    void runbooksAndExecutionsWorkThroughLambda() {
        Api api = new Api(server.getURL(), Api.freshAccount());
        Map<String, String> h = TestHttp.asAccount(api.account());
        String incident = api.createIncident("{\"title\":\"x\"}").get("id").asText();

        LambdaEvents.Answer runbook = viaV1(
                "POST",
                "/api/v1/runbooks",
                h,
                "{\"name\":\"rb\",\"steps\":[{\"id\":\"m\",\"kind\":\"manual\",\"name\":\"do it\"}]}");
        String rb = json(runbook).get("id").asText();
        LambdaEvents.Answer started =
                viaV2("POST", "/api/v1/incidents/" + incident + "/runbooks/" + rb + "/executions", h, null);
        String exec = json(started).get("id").asText();
        LambdaEvents.Answer done = viaV1(
                "POST",
                "/api/v1/incidents/" + incident + "/runbooks/executions/" + exec + "/steps/m",
                h,
                "{\"action\":\"complete\"}");

        assertThat(runbook.status()).as(runbook.body()).isEqualTo(201);
        assertThat(started.status()).as(started.body()).isEqualTo(201);
        assertThat(json(done).get("status").asText()).isEqualTo("completed");
        for (String path : new String[] {
            "/api/v1/runbooks", "/api/v1/runbooks/" + rb, "/api/v1/incidents/" + incident + "/runbooks"
        }) {
            TestHttp.Response netty = api.get(path);
            assertThat(viaV1("GET", path, h, null).body()).as(path).isEqualTo(netty.body());
            assertThat(viaV2("GET", path, h, null).body()).as(path).isEqualTo(netty.body());
        }
    }

    @Test
    void statsWorkThroughLambda() {
        Api api = new Api(server.getURL(), Api.freshAccount());
        Map<String, String> h = TestHttp.asAccount(api.account());
        api.createIncident("{\"title\":\"x\"}");
        String path = "/api/v1/stats?since=2000-01-01T00:00:00Z&until=2099-01-01T00:00:00Z";

        TestHttp.Response netty = api.get(path);

        assertThat(viaV1("GET", path, h, null).body()).isEqualTo(netty.body()).contains("\"total\":1");
        assertThat(viaV2("GET", path, h, null).body()).isEqualTo(netty.body());
        assertThat(viaV1("GET", "/api/v1/stats?period=5y", h, null).status()).isEqualTo(400);
    }

    @Test
    void alertIntegrationsWorkThroughLambda() {
        Api api = new Api(server.getURL(), Api.freshAccount());
        Map<String, String> h = TestHttp.asAccount(api.account());

        LambdaEvents.Answer am = viaV1(
                "POST",
                "/api/v1/integrations/alertmanager",
                h,
                "{\"version\":\"4\",\"groupKey\":\"lambda\",\"status\":\"firing\",\"commonLabels\":{\"alertname\":\"A\"},"
                        + "\"alerts\":[{\"status\":\"firing\",\"labels\":{\"alertname\":\"A\"},\"fingerprint\":\"f1\"}]}");
        LambdaEvents.Answer pd = viaV2(
                "POST",
                "/api/v1/integrations/events",
                h,
                "{\"routing_key\":\"k\",\"event_action\":\"trigger\",\"dedup_key\":\"d1\","
                        + "\"payload\":{\"summary\":\"s\",\"source\":\"src\",\"severity\":\"error\"}}");

        assertThat(am.status()).as(am.body()).isEqualTo(200);
        assertThat(json(am).get("action").asText()).isEqualTo("opened");
        assertThat(pd.status()).as(pd.body()).isEqualTo(202);
        assertThat(json(pd).get("dedup_key").asText()).isEqualTo("d1");
        assertThat(Api.json(api.get("/api/v1/incidents")).get("total").asLong()).isEqualTo(2);
    }

    @Test
    void webhooksWorkThroughLambda() {
        Api api = new Api(server.getURL(), Api.freshAccount());
        Map<String, String> h = TestHttp.asAccount(api.account());

        LambdaEvents.Answer created = viaV1("POST", "/api/v1/webhooks", h, "{\"url\":\"https://203.0.113.10/hook\"}");
        String id = json(created).get("id").asText();

        assertThat(created.status()).as(created.body()).isEqualTo(201);
        for (String path :
                new String[] {"/api/v1/webhooks", "/api/v1/webhooks/" + id, "/api/v1/webhooks/" + id + "/deliveries"}) {
            TestHttp.Response netty = api.get(path);
            assertThat(viaV2("GET", path, h, null).body()).as(path).isEqualTo(netty.body());
        }
        assertThat(viaV2("DELETE", "/api/v1/webhooks/" + id, h, null).status()).isEqualTo(204);
    }

    @Test
    void withoutBearerLambdaAnswers401LikeNetty() {
        LambdaEvents.Answer answer = viaV1("GET", "/api/v1/incidents", Map.of("X-App-Name", "t-nobody"), null);

        assertThat(answer.status()).isEqualTo(401);
    }
}
