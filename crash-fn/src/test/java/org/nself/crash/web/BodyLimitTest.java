package org.nself.crash.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.nself.crash.Api;
import org.nself.shared.testing.PostgresTest;

@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BodyLimitTest implements PostgresTest {
    @Inject
    EmbeddedServer server;

    @Test
    void aManagementBodyOverOneMebibyteIsA413() {
        Api api = new Api(server.getURI());
        String big = "{\"name\":\"" + "n".repeat(2 * 1024 * 1024) + "\"}";

        var response = api.post("/api/v1/projects", big);

        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(response.body()).contains("PAYLOAD_TOO_LARGE");
    }

    @Test
    void aTooLongProjectNameIsA400() {
        Api api = new Api(server.getURI());

        var response = api.post("/api/v1/projects", "{\"name\":\"" + "n".repeat(201) + "\"}");

        assertThat(response.statusCode()).isEqualTo(400);
    }
}
