package org.nself.incident.runbook;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nself.incident.Api;
import org.nself.shared.testing.PostgresTest;
import org.nself.shared.testing.TestHttp;

@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RunbookApiTest implements PostgresTest {
    static final String DB_RUNBOOK = "{\"name\":\"DB failover\",\"types\":[\"database\"],\"severities\":[\"SEV1\"],"
            + "\"steps\":[{\"kind\":\"manual\",\"name\":\"Page DBA\"},{\"kind\":\"note\",\"name\":\"n\",\"message\":\"hi\"}]}";

    @Inject
    EmbeddedServer server;

    private Api api() {
        return new Api(server.getURL(), Api.freshAccount());
    }

    @Test
    void aRunbookIsCreatedListedReadChangedAsANewVersionAndDeleted() {
        Api api = api();
        TestHttp.Response created = api.post("/api/v1/runbooks", DB_RUNBOOK);
        String id = Api.json(created).get("id").asText();

        JsonNode list = Api.json(api.get("/api/v1/runbooks"));
        JsonNode changed = Api.json(api.patch("/api/v1/runbooks/" + id, "{\"severities\":[\"SEV1\",\"SEV2\"]}"));
        TestHttp.Response deleted = api.send("DELETE", "/api/v1/runbooks/" + id, null, java.util.Map.of());

        assertThat(created.status()).isEqualTo(201);
        assertThat(Api.json(created).get("steps").get(0).get("id").asText()).isEqualTo("step-1");
        assertThat(list.get("total").asLong()).isEqualTo(1);
        assertThat(changed.get("version").asInt()).isEqualTo(2);
        assertThat(changed.get("types").get(0).asText()).isEqualTo("database");
        assertThat(changed.get("severities")).hasSize(2);
        assertThat(deleted.status()).isEqualTo(204);
        assertThat(api.get("/api/v1/runbooks/" + id).status()).isEqualTo(404);
    }

    @Test
    void anInvalidRunbookIsRefusedWithDetails() {
        TestHttp.Response r = api().post(
                        "/api/v1/runbooks",
                        "{\"name\":\"x\",\"steps\":[{\"kind\":\"teleport\",\"name\":\"a\"},"
                                + "{\"kind\":\"http\",\"name\":\"b\",\"url\":\"ftp://x\",\"timeout_ms\":999999}]}");

        assertThat(r.status()).isEqualTo(400);
        assertThat(r.body()).contains("steps[0].kind").contains("steps[1].url").contains("steps[1].timeout_ms");
    }

    @ParameterizedTest(name = "{0} is refused")
    @ValueSource(
            strings = {
                "http://127.0.0.1:8080/hook", // loopback
                "http://[::1]/hook", // IPv6 loopback
                "http://10.1.2.3/hook", // private
                "http://172.16.0.5/hook", // private
                "http://192.168.1.1/hook", // private
                "http://169.254.169.254/latest/meta-data/", // cloud metadata (link-local)
                "http://169.254.10.10/hook", // link-local
                "http://[fe80::1]/hook", // IPv6 link-local
                "http://[fd00::1]/hook", // IPv6 unique local
                "http://100.64.0.1/hook", // carrier-grade NAT
                "http://metadata.google.internal/computeMetadata/v1/", // metadata host name
                "http://[::ffff:127.0.0.1]/hook" // IPv4-mapped loopback
            })
    void anHttpStepAimedAtAnInternalAddressIsRefused(String url) {
        TestHttp.Response r = api().post(
                        "/api/v1/runbooks",
                        "{\"name\":\"x\",\"steps\":[{\"kind\":\"http\",\"name\":\"call\",\"url\":\"" + url + "\"}]}");

        assertThat(r.status()).isEqualTo(400);
        assertThat(r.body()).contains("steps[0].url");
    }

    @Test
    void anotherAccountsRunbookIsNotFound() {
        Api owner = api();
        String id =
                Api.json(owner.post("/api/v1/runbooks", DB_RUNBOOK)).get("id").asText();
        Api stranger = api();

        assertThat(stranger.get("/api/v1/runbooks/" + id).status()).isEqualTo(404);
        assertThat(stranger.patch("/api/v1/runbooks/" + id, "{\"name\":\"mine\"}")
                        .status())
                .isEqualTo(404);
        assertThat(stranger.send("DELETE", "/api/v1/runbooks/" + id, null, java.util.Map.of())
                        .status())
                .isEqualTo(404);
        assertThat(Api.json(stranger.get("/api/v1/runbooks")).get("total").asLong())
                .isZero();
    }
}
