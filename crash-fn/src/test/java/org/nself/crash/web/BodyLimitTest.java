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
    void aManagementBodyOfExactlyOneMebibyteIsReadAndOneByteMoreIsA413() {
        Api api = new Api(server.getURI());
        int limit = (int) BodyLimitFilter.MAX_BODY_BYTES;

        // the route reads a body at the limit (and refuses its 1 MiB name as a field), one byte more it never reads
        var atLimit = api.post("/api/v1/projects", "{\"name\":\"" + "n".repeat(limit - 11) + "\"}");
        var overLimit = api.post("/api/v1/projects", "{\"name\":\"" + "n".repeat(limit - 10) + "\"}");

        assertThat(atLimit.statusCode()).as(atLimit.body()).isEqualTo(400);
        assertThat(overLimit.statusCode()).isEqualTo(413);
    }

    @Test
    void aTooLongProjectNameIsA400() {
        Api api = new Api(server.getURI());

        var response = api.post("/api/v1/projects", "{\"name\":\"" + "n".repeat(201) + "\"}");

        assertThat(response.statusCode()).isEqualTo(400);
    }
}
