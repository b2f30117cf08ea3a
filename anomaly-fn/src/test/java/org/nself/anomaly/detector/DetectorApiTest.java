package org.nself.anomaly.detector;

import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.nself.shared.testing.PostgresTest;
import org.nself.shared.testing.TestHttp;

@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DetectorApiTest implements PostgresTest {
    @Inject
    EmbeddedServer server;

    TestHttp http() {
        return new TestHttp(server.getURL());
    }

    static String account() {
        return "t-" + UUID.randomUUID().toString().substring(0, 8);
    }

    @Test
    void createdDetectorIsReadListedPatchedAndDeleted() {
        String a = account();
        var created = http().send(
                        "POST",
                        "/api/v1/detectors",
                        TestHttp.asAccount(a),
                        "{\"id\":\"cpu\",\"name\":\"CPU\",\"algorithm\":\"zscore\",\"params\":{\"window\":50},\"threshold\":{\"score_threshold\":0.7}}");
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        assertThat(created.body())
                .contains("\"id\":\"cpu\"", "\"status\":\"learning\"", "\"version\":1", "\"score_threshold\":0.7");

        assertThat(http().get("/api/v1/detectors/cpu", TestHttp.asAccount(a)).body())
                .contains("\"name\":\"CPU\"");
        var list = http().get("/api/v1/detectors", TestHttp.asAccount(a));
        assertThat(list.body()).contains("\"total\":1", "\"limit\":100", "\"offset\":0");

        var patched = http().send(
                        "PATCH",
                        "/api/v1/detectors/cpu",
                        TestHttp.asAccount(a),
                        "{\"threshold\":{\"score_threshold\":0.9}}");
        assertThat(patched.status()).as(patched.body()).isEqualTo(200);
        assertThat(patched.body()).contains("\"version\":2", "\"score_threshold\":0.9");

        var renamed = http().send("PATCH", "/api/v1/detectors/cpu", TestHttp.asAccount(a), "{\"name\":\"CPU busy\"}");
        assertThat(renamed.body()).contains("\"version\":2", "\"name\":\"CPU busy\"");

        assertThat(http().send("DELETE", "/api/v1/detectors/cpu", TestHttp.asAccount(a), (String) null)
                        .status())
                .isEqualTo(204);
        assertThat(http().get("/api/v1/detectors/cpu", TestHttp.asAccount(a)).status())
                .isEqualTo(404);
    }

    @Test
    void duplicateIdIsAConflict() {
        String a = account();
        String body = "{\"id\":\"dup\",\"algorithm\":\"mad\"}";
        assertThat(http().send("POST", "/api/v1/detectors", TestHttp.asAccount(a), body)
                        .status())
                .isEqualTo(201);
        var again = http().send("POST", "/api/v1/detectors", TestHttp.asAccount(a), body);
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.body()).contains("\"code\":\"CONFLICT\"");
    }

    @Test
    void badConfigurationAnswers400NamingTheField() {
        String a = account();
        var unknownAlgorithm = http().send(
                        "POST", "/api/v1/detectors", TestHttp.asAccount(a), "{\"id\":\"x\",\"algorithm\":\"magic\"}");
        assertThat(unknownAlgorithm.status()).isEqualTo(400);
        assertThat(unknownAlgorithm.body()).contains("\"code\":\"INVALID_REQUEST\"", "algorithm");

        var badParam = http().send(
                        "POST",
                        "/api/v1/detectors",
                        TestHttp.asAccount(a),
                        "{\"id\":\"x\",\"algorithm\":\"zscore\",\"params\":{\"window\":-3}}");
        assertThat(badParam.status()).isEqualTo(400);
        assertThat(badParam.body()).contains("params.window");

        var unknownParam = http().send(
                        "POST",
                        "/api/v1/detectors",
                        TestHttp.asAccount(a),
                        "{\"id\":\"x\",\"algorithm\":\"mad\",\"params\":{\"nope\":1}}");
        assertThat(unknownParam.status()).isEqualTo(400);
        assertThat(unknownParam.body()).contains("params.nope");

        var badThreshold = http().send(
                        "POST",
                        "/api/v1/detectors",
                        TestHttp.asAccount(a),
                        "{\"id\":\"x\",\"threshold\":{\"direction\":\"sideways\"}}");
        assertThat(badThreshold.status()).isEqualTo(400);
        assertThat(badThreshold.body()).contains("threshold.direction");

        var badId = http().send("POST", "/api/v1/detectors", TestHttp.asAccount(a), "{\"id\":\"has space\"}");
        assertThat(badId.status()).isEqualTo(400);

        var notJson = http().send("POST", "/api/v1/detectors", TestHttp.asAccount(a), "{nope");
        assertThat(notJson.status()).isEqualTo(400);
    }

    @Test
    void aModelOverTheMemoryBudgetAnswers400WithDetailsNamingTheField() {
        String a = account();
        String member = "{\"algorithm\":\"context\",\"params\":{\"memory\":262144}}";
        var maximal = http().send(
                        "POST",
                        "/api/v1/detectors",
                        TestHttp.asAccount(a),
                        "{\"id\":\"big\",\"algorithm\":\"ensemble\",\"params\":{\"members\":["
                                + String.join(",", java.util.Collections.nCopies(5, member)) + "]}}");
        assertThat(maximal.status()).isEqualTo(400);
        assertThat(maximal.body())
                .contains("\"details\":[", "\"field\":\"params.members[1].params.memory\"", "at most 32 MiB");

        var forest = http().send(
                        "POST",
                        "/api/v1/detectors",
                        TestHttp.asAccount(a),
                        "{\"id\":\"forest\",\"algorithm\":\"rcf\",\"params\":"
                                + "{\"trees\":200,\"sample_size\":2048,\"shingle_size\":64}}");
        assertThat(forest.status()).isEqualTo(400);
        assertThat(forest.body()).contains("\"field\":\"params.trees\"");

        var listed = http().send("GET", "/api/v1/detectors", TestHttp.asAccount(a), (String) null);
        assertThat(listed.body()).contains("\"total\":0");
    }

    @Test
    void anotherAccountsDetectorIsNotFound() {
        String a = account();
        String b = account();
        http().send("POST", "/api/v1/detectors", TestHttp.asAccount(a), "{\"id\":\"mine\"}");
        assertThat(http().get("/api/v1/detectors/mine", TestHttp.asAccount(b)).status())
                .isEqualTo(404);
        assertThat(http().send("PATCH", "/api/v1/detectors/mine", TestHttp.asAccount(b), "{\"name\":\"x\"}")
                        .status())
                .isEqualTo(404);
        assertThat(http().send("DELETE", "/api/v1/detectors/mine", TestHttp.asAccount(b), (String) null)
                        .status())
                .isEqualTo(404);
        assertThat(http().get("/api/v1/detectors", TestHttp.asAccount(b)).body())
                .contains("\"total\":0");
        assertThat(http().get("/api/v1/detectors/mine", TestHttp.asAccount(a)).status())
                .isEqualTo(200);
    }

    @Test
    void withoutBearerEveryEndpointIs401() {
        assertThat(http().get("/api/v1/detectors", java.util.Map.of()).status()).isEqualTo(401);
    }
}
