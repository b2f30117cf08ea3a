package org.nself.incident.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.transaction.TransactionOperations;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.sql.Connection;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.nself.incident.Api;
import org.nself.incident.LocalServer;
import org.nself.shared.jdbc.Jdbc;
import org.nself.shared.outbox.Backoff;
import org.nself.shared.outbox.OutboxDeliveryJob;
import org.nself.shared.testing.PostgresTest;
import org.nself.shared.testing.SlowTarget;
import org.nself.shared.testing.WebhookReceiver;

@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WebhookDeliveryTest implements PostgresTest {
    private final AtomicInteger failuresLeft = new AtomicInteger();
    private final LocalServer receiver = new LocalServer(r -> failuresLeft.getAndDecrement() > 0
            ? new LocalServer.Reply(500, "down", 0)
            : LocalServer.Reply.ok("thanks"));
    private final WebhookReceiver slowTarget = WebhookReceiver.start();

    @Inject
    EmbeddedServer server;

    @Inject
    OutboxDeliveryJob job;

    @Inject
    TransactionOperations<Connection> tx;

    @Override
    public Map<String, String> extraProperties() {
        return Map.of("nself.outbound.allow", "127.0.0.1/32");
    }

    @AfterAll
    void stop() {
        receiver.close();
        slowTarget.close();
    }

    @Test
    void everyChangeIsDeliveredSignedPerStandardWebhooksWithItsSeq() {
        Api api = new Api(server.getURL(), Api.freshAccount());
        JsonNode hook = Api.json(api.post("/api/v1/webhooks", "{\"url\":\"" + receiver.url("/signed") + "\"}"));
        String secret = hook.get("secret").asText();
        String id = api.createIncident("{\"title\":\"hooked\"}").get("id").asText();
        api.patch("/api/v1/incidents/" + id, "{\"status\":\"acknowledged\"}");

        job.run(Instant.now());

        List<LocalServer.Received> got = receiver.received().stream()
                .filter(r -> r.path().equals("/signed") && r.body().contains(id))
                .toList();
        assertThat(got).hasSize(2);
        for (LocalServer.Received r : got) {
            assertThat(verifyIndependently(
                            secret,
                            r.header("webhook-id"),
                            r.header("webhook-timestamp"),
                            r.body(),
                            r.header("webhook-signature")))
                    .isTrue();
            assertThat(verifyIndependently(
                            secret,
                            r.header("webhook-id"),
                            r.header("webhook-timestamp"),
                            r.body() + " ",
                            r.header("webhook-signature")))
                    .isFalse();
        }
        JsonNode first = json(got.stream()
                .filter(r -> r.body().contains("incident.created"))
                .findFirst()
                .orElseThrow());
        JsonNode second = json(got.stream()
                .filter(r -> r.body().contains("incident.status_changed"))
                .findFirst()
                .orElseThrow());
        assertThat(first.get("seq").asLong()).isEqualTo(1);
        assertThat(second.get("seq").asLong()).isEqualTo(2);
        assertThat(second.get("data").get("incident").get("status").asText()).isEqualTo("acknowledged");
        assertThat(second.get("id").asText())
                .isEqualTo(second.get("data").get("entry").get("id").asText());
        JsonNode log = Api.json(api.get("/api/v1/webhooks/" + hook.get("id").asText() + "/deliveries"));
        assertThat(log.get("total").asLong()).isEqualTo(2);
        assertThat(log.get("data").get(0).get("status").asText()).isEqualTo("delivered");
        assertThat(Api.json(api.get("/api/v1/webhooks/" + hook.get("id").asText()))
                                .has("secret")
                        && !Api.json(api.get(
                                        "/api/v1/webhooks/" + hook.get("id").asText()))
                                .get("secret")
                                .isNull())
                .isFalse();
    }

    @Test
    void aFailedDeliveryIsRetriedWithTheSameEventIdAndLogged() {
        Api api = new Api(server.getURL(), Api.freshAccount());
        String hookId = Api.json(api.post(
                        "/api/v1/webhooks",
                        "{\"url\":\"" + receiver.url("/retry") + "\"," + "\"event_types\":[\"incident.created\"]}"))
                .get("id")
                .asText();
        String incident =
                api.createIncident("{\"title\":\"retry me\"}").get("id").asText();
        api.patch("/api/v1/incidents/" + incident, "{\"status\":\"acknowledged\"}");
        failuresLeft.set(1);

        job.run(Instant.now());
        JsonNode afterFailure = Api.json(api.get("/api/v1/webhooks/" + hookId + "/deliveries"))
                .get("data")
                .get(0);
        tx.executeWrite(s -> Jdbc.update(
                s.getConnection(),
                "UPDATE np_incident_webhook_deliveries SET next_attempt_at = now() WHERE source_account_id = ?",
                api.account()));
        job.run(Instant.now());
        JsonNode afterRetry = Api.json(api.get("/api/v1/webhooks/" + hookId + "/deliveries"));

        assertThat(afterFailure.get("status").asText()).isEqualTo("pending");
        assertThat(afterFailure.get("attempts").asInt()).isEqualTo(1);
        assertThat(afterFailure.get("last_status_code").asInt()).isEqualTo(500);
        assertThat(Instant.parse(afterFailure.get("next_attempt_at").asText()))
                .isAfter(Instant.parse(afterFailure.get("created_at").asText()));
        assertThat(afterRetry.get("total").asLong()).isEqualTo(1);
        assertThat(afterRetry.get("data").get(0).get("status").asText()).isEqualTo("delivered");
        assertThat(afterRetry.get("data").get(0).get("attempts").asInt()).isEqualTo(2);
        List<String> ids = receiver.received().stream()
                .filter(r -> r.path().equals("/retry") && r.body().contains(incident))
                .map(r -> r.header("webhook-id"))
                .distinct()
                .toList();
        assertThat(ids).hasSize(1);
    }

    @Test
    void aTargetAnsweringAtTheTimeOutGetsEachDeliveryOnceWhileAnotherRunRaces() {
        Api api = new Api(server.getURL(), Api.freshAccount());
        String hookId = Api.json(api.post(
                        "/api/v1/webhooks",
                        "{\"url\":\"" + slowTarget.url("/slow") + "\",\"event_types\":[\"incident.created\"]}"))
                .get("id")
                .asText();
        for (int i = 0; i < 12; i++) {
            api.createIncident("{\"title\":\"slow target " + i + "\"}");
        }

        SlowTarget.race(
                slowTarget,
                took -> tx.executeWrite(s -> Jdbc.update(
                        s.getConnection(),
                        "UPDATE np_incident_webhook_deliveries SET leased_until = leased_until - ?::interval,"
                                + " next_attempt_at = next_attempt_at - ?::interval WHERE source_account_id = ?",
                        took.toMillis() + " milliseconds",
                        took.toMillis() + " milliseconds",
                        api.account())),
                () -> job.run(Instant.now()));
        while (job.run(Instant.now()) > 0) {}

        assertThat(slowTarget.received("/slow"))
                .extracting(r -> r.header("webhook-id"))
                .hasSize(12)
                .doesNotHaveDuplicates();
        JsonNode log = Api.json(api.get("/api/v1/webhooks/" + hookId + "/deliveries"));
        assertThat(log.get("total").asLong()).isEqualTo(12);
        assertThat(log.get("data").findValuesAsText("status")).hasSize(12).containsOnly("delivered");
    }

    @Test
    void backoffGrowsAndEnds() {
        assertThat(Backoff.after(1)).isLessThan(Backoff.after(2));
        assertThat(Backoff.after(2)).isLessThan(Backoff.after(3));
        assertThat(Backoff.after(9)).isLessThanOrEqualTo(java.time.Duration.ofHours(1));
        assertThat(Backoff.after(Backoff.MAX_ATTEMPTS)).isNull();
    }

    /** Standard Webhooks verification written from the specification, not with the service's signer. */
    static boolean verifyIndependently(String secret, String msgId, String timestamp, String body, String header) {
        try {
            byte[] key = Base64.getDecoder().decode(secret.substring("whsec_".length()));
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            byte[] expected = Base64.getEncoder()
                    .encode(mac.doFinal((msgId + "." + timestamp + "." + body).getBytes(StandardCharsets.UTF_8)));
            for (String candidate : header.split(" ")) {
                String[] parts = candidate.split(",", 2);
                if (parts.length == 2
                        && parts[0].equals("v1")
                        && MessageDigest.isEqual(expected, parts[1].getBytes(StandardCharsets.US_ASCII))) {
                    return true;
                }
            }
            return false;
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode json(LocalServer.Received r) {
        try {
            return Api.JSON.readTree(r.body());
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
