package org.nself.crash.project;

import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.json.JsonMapper;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.net.http.HttpRequest;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.nself.crash.Api;
import org.nself.shared.testing.PostgresTest;

@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ProjectsTest implements PostgresTest {
    @Inject
    EmbeddedServer server;

    @Inject
    JsonMapper json;

    @Test
    void theDsnNamesTheHostSchemeAndPrefixTheEdgeForwarded() {
        Api api = new Api(server.getURI());

        var created = api.send(api.request("/api/v1/projects")
                .header("Content-Type", "application/json")
                .header("X-Forwarded-Proto", "https")
                .header("X-Forwarded-Host", "api.example.com")
                .header("X-Forwarded-Prefix", "/nself-crash")
                .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"web\"}"))
                .build());

        Map<String, Object> project = Api.json(json, created.body());
        assertThat(project.get("dsn"))
                .isEqualTo(
                        "https://" + project.get("public_key") + "@api.example.com/nself-crash/" + project.get("id"));
        assertThat((String) project.get("public_key")).matches("[0-9a-f]{32}");
    }

    @Test
    void aProjectCanBeReadListedAndDeleted() {
        Api api = new Api(server.getURI());
        Object id = Api.json(
                        json, api.post("/api/v1/projects", "{\"name\":\"app\"}").body())
                .get("id");

        assertThat(api.get("/api/v1/projects/" + id).statusCode()).isEqualTo(200);
        assertThat(Api.json(json, api.get("/api/v1/projects").body()).get("total"))
                .isEqualTo(1);
        assertThat(api.delete("/api/v1/projects/" + id).statusCode()).isEqualTo(204);
        assertThat(api.get("/api/v1/projects/" + id).statusCode()).isEqualTo(404);
        assertThat(api.post("/api/v1/projects", "{}").statusCode()).isEqualTo(400);
    }
}
