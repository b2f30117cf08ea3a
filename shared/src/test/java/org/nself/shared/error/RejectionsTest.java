package org.nself.shared.error;

import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.nself.shared.testing.PostgresTest;
import org.nself.shared.testing.TestHttp;

/** Every refusal that leaves is counted by code and reason, whoever rendered it. */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RejectionsTest implements PostgresTest {
    @Inject
    EmbeddedServer server;

    @Inject
    Rejections rejections;

    TestHttp http() {
        return new TestHttp(server.getURL());
    }

    @Test
    void aRefusalThrownByAControllerIsCountedUnderItsCodeAndReason() {
        long before = rejections.count(ErrorCode.NOT_FOUND, "not_found");
        TestHttp.Response r = http().get("/api/v1/things/" + UUID.randomUUID(), TestHttp.asAccount("r-one"));
        assertThat(r.status()).isEqualTo(404);
        assertThat(rejections.count(ErrorCode.NOT_FOUND, "not_found")).isEqualTo(before + 1);
    }

    @Test
    void aRefusalByTheFrameworkIsCountedToo() {
        long before = rejections.count(ErrorCode.INVALID_REQUEST, "invalid_request");
        TestHttp.Response r = http().send("POST", "/api/v1/things", TestHttp.asAccount("r-two"), "{\"name\": \"x\",");
        assertThat(r.status()).isEqualTo(400);
        assertThat(rejections.count(ErrorCode.INVALID_REQUEST, "invalid_request"))
                .isEqualTo(before + 1);
        assertThat(r.body()).doesNotContain("invalid_request").doesNotContain("reason");
    }

    @Test
    void aRefusalByAFilterIsCountedWithTheFieldReason() {
        long before = rejections.count(ErrorCode.INVALID_REQUEST, ApiException.INVALID_FIELD);
        TestHttp.Response r = http().get("/api/v1/things?offset=%00", TestHttp.asAccount("r-three"));
        assertThat(r.status()).isEqualTo(400);
        assertThat(rejections.count(ErrorCode.INVALID_REQUEST, ApiException.INVALID_FIELD))
                .isEqualTo(before + 1);
        assertThat(rejections.snapshot()).containsKey("INVALID_REQUEST/invalid_field");
    }

    @Test
    void anAnswerThatIsNoRefusalIsNotCounted() {
        var before = rejections.snapshot();
        assertThat(http().get("/health", java.util.Map.of()).status()).isEqualTo(200);
        assertThat(rejections.snapshot()).isEqualTo(before);
    }
}
