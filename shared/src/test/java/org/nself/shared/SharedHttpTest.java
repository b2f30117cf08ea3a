package org.nself.shared;

import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nself.shared.testing.Jwts;
import org.nself.shared.testing.PostgresTest;
import org.nself.shared.testing.TestHttp;
import org.nself.shared.testing.TestHttp.Response;

@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SharedHttpTest implements PostgresTest {
    static final String HS256_KEY = "test-hs256-key-that-is-at-least-32-bytes-long";

    @Inject
    EmbeddedServer server;

    TestHttp http() {
        return new TestHttp(server.getURL());
    }

    static String account() {
        return "t-" + UUID.randomUUID().toString().substring(0, 12);
    }

    static Map<String, String> bearer(String token) {
        return Map.of("Authorization", "Bearer " + token, "Content-Type", "application/json");
    }

    static Response assertError(Response r, int status, String code) {
        assertThat(r.status()).as(r.body()).isEqualTo(status);
        assertThat(r.headers().get("Content-Type")).startsWith("application/json");
        assertThat(r.body())
                .contains("\"code\":\"" + code + "\"")
                .contains("\"error\":")
                .contains("\"timestamp\":");
        assertThat(r.body()).doesNotContain("Exception").doesNotContain("\tat ").doesNotContain("org.nself");
        return r;
    }

    // --- error model -------------------------------------------------------------------------

    @Test
    void malformedJsonIsA400InTheNselfShape() {
        assertError(
                http().send("POST", "/api/v1/things", TestHttp.asAccount(account()), "{\"name\": \"x\","),
                400,
                "INVALID_REQUEST");
    }

    @Test
    void aWrongTypeIsA400() {
        assertError(
                http().send(
                                "POST",
                                "/api/v1/things",
                                TestHttp.asAccount(account()),
                                "{\"name\":\"x\",\"kind\":\"small\",\"weight\":\"heavy\"}"),
                400,
                "INVALID_REQUEST");
    }

    @Test
    void anUnknownEnumValueIsA400() {
        assertError(
                http().send(
                                "POST",
                                "/api/v1/things",
                                TestHttp.asAccount(account()),
                                "{\"name\":\"x\",\"kind\":\"medium\",\"weight\":1}"),
                400,
                "INVALID_REQUEST");
    }

    @Test
    void aConstraintViolationIsA400WithDetailsNamingTheField() {
        Response r = assertError(
                http().send(
                                "POST",
                                "/api/v1/things",
                                TestHttp.asAccount(account()),
                                "{\"name\":\"\",\"kind\":\"small\",\"weight\":5000}"),
                400,
                "INVALID_REQUEST");
        assertThat(r.body()).contains("\"details\":[").contains("weight").contains("name");
    }

    @Test
    void anOversizedBodyIsA413() {
        String big = "{\"name\":\"" + "x".repeat(70_000) + "\",\"kind\":\"small\",\"weight\":1}";
        assertError(
                http().send("POST", "/api/v1/things", TestHttp.asAccount(account()), big), 413, "PAYLOAD_TOO_LARGE");
    }

    @Test
    void aGzipBombIsCutAtTheDecompressedLimitWithA413() throws IOException {
        byte[] bomb = gzip(new byte[10 * 1024 * 1024]); // 10 MiB of zeros in ~10 KB
        assertThat(bomb.length).isLessThan(64 * 1024);
        Map<String, String> headers =
                Map.of("Content-Type", "application/octet-stream", "Content-Encoding", "gzip", "X-App-Name", account());
        assertError(http().send("POST", "/api/v1/ingest/things", headers, bomb), 413, "PAYLOAD_TOO_LARGE");
    }

    @Test
    void aGzipBodyWithinTheLimitIsDecoded() throws IOException {
        byte[] body = gzip("hello gzip".getBytes(StandardCharsets.UTF_8));
        Map<String, String> headers = Map.of("Content-Type", "application/octet-stream", "Content-Encoding", "gzip");
        Response r = http().send("POST", "/api/v1/ingest/things", headers, body);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(r.body()).isEqualTo("{\"bytes\":10}");
    }

    @Test
    void corruptGzipIsA400() {
        Map<String, String> headers = Map.of("Content-Type", "application/octet-stream", "Content-Encoding", "gzip");
        assertError(
                http().send("POST", "/api/v1/ingest/things", headers, new byte[] {0x1f, (byte) 0x8b, 1, 2, 3}),
                400,
                "INVALID_REQUEST");
    }

    @ParameterizedTest
    @ValueSource(strings = {"limit=0", "limit=1001", "limit=abc", "limit=-5", "offset=-1", "offset=x", "limit=1.5"})
    void outOfRangePagingIsA400NotClamped(String query) {
        Response r = assertError(
                http().get("/api/v1/things?" + query, TestHttp.asAccount(account())), 400, "INVALID_REQUEST");
        assertThat(r.body()).contains(query.substring(0, query.indexOf('=')));
    }

    @Test
    void anUnknownRouteIsA404() {
        assertError(http().get("/api/v1/no-such-thing", TestHttp.asAccount(account())), 404, "NOT_FOUND");
        assertError(http().get("/nope", Map.of()), 404, "NOT_FOUND");
    }

    @Test
    void anUnknownIdIsA404() {
        assertError(http().get("/api/v1/things/" + UUID.randomUUID(), TestHttp.asAccount(account())), 404, "NOT_FOUND");
    }

    @Test
    void aNulInAQueryValueIsA400NamingTheParameter() {
        Response r = assertError(
                http().get("/api/v1/things?q=a%00b", TestHttp.asAccount(account())), 400, "INVALID_REQUEST");
        assertThat(r.body()).contains("\"field\":\"q\"").contains("NUL");
    }

    @Test
    void aNulInThePathIsA400NamingThePath() {
        Response r =
                assertError(http().get("/api/v1/things/a%00b", TestHttp.asAccount(account())), 400, "INVALID_REQUEST");
        assertThat(r.body()).contains("\"field\":\"path\"").contains("NUL");
    }

    @Test
    void aValueTheDatabaseRefusesIsA400NotA500() {
        // the sample route checks nothing PostgreSQL refuses: the last line answers for it
        Response r = assertError(
                http().send(
                                "POST",
                                "/api/v1/things",
                                TestHttp.asAccount(account()),
                                "{\"name\":\"a\\u0000b\",\"kind\":\"small\",\"weight\":1}"),
                400,
                "INVALID_REQUEST");
        assertThat(r.body()).contains("NUL").doesNotContain("UTF8").doesNotContain("np_");
    }

    @Test
    void aMalformedIdIsA400NotA500() {
        assertError(http().get("/api/v1/things/not-a-uuid", TestHttp.asAccount(account())), 400, "INVALID_REQUEST");
    }

    @Test
    void aWrongMethodIsA405InTheNselfShape() {
        assertError(
                http().send("DELETE", "/api/v1/things", TestHttp.asAccount(account()), (byte[]) null),
                405,
                "METHOD_NOT_ALLOWED");
    }

    @Test
    void anUnsupportedContentTypeIsA415() {
        Map<String, String> headers = new HashMap<>(TestHttp.asAccount(account()));
        headers.put("Content-Type", "text/xml");
        assertError(http().send("POST", "/api/v1/things", headers, "<thing/>"), 415, "UNSUPPORTED_MEDIA_TYPE");
    }

    // --- authentication ------------------------------------------------------------------------

    @Test
    void managementRoutesRefuseRequestsWithoutAToken() {
        assertError(http().get("/api/v1/things", Map.of()), 401, "UNAUTHORIZED");
        assertError(http().get("/api/v1/auth/verify", Map.of()), 401, "UNAUTHORIZED");
    }

    @Test
    void managementRoutesRefuseAWrongToken() {
        assertError(http().get("/api/v1/things", bearer("not-the-secret")), 401, "UNAUTHORIZED");
        assertError(http().get("/api/v1/things", bearer(PLUGIN_SECRET + "x")), 401, "UNAUTHORIZED");
        assertError(
                http().get("/api/v1/things", Map.of("Authorization", "Basic " + PLUGIN_SECRET)), 401, "UNAUTHORIZED");
    }

    @Test
    void aJwtSignedByAnotherKeyIsRefused() {
        String token = Jwts.hs256(
                "another-key-that-is-also-32-bytes-long!!",
                Jwts.claims("acme", Instant.now().plusSeconds(300)));
        assertError(http().get("/api/v1/things", bearer(token)), 401, "UNAUTHORIZED");
    }

    @Test
    void anUnsignedJwtIsRefused() {
        String token = Jwts.unsigned(Jwts.claims("acme", Instant.now().plusSeconds(300)));
        assertError(http().get("/api/v1/things", bearer(token)), 401, "UNAUTHORIZED");
        assertError(http().get("/api/v1/auth/verify", bearer(token)), 401, "UNAUTHORIZED");
    }

    @Test
    void anExpiredJwtIsRefused() {
        String token = Jwts.hs256(HS256_KEY, Jwts.claims("acme", Instant.now().minusSeconds(120)));
        assertError(http().get("/api/v1/things", bearer(token)), 401, "UNAUTHORIZED");
    }

    @Test
    void thePluginSecretIsAccepted() {
        assertThat(http().get("/api/v1/things", bearer(PLUGIN_SECRET)).status()).isEqualTo(200);
        assertThat(http().get("/api/v1/auth/verify", bearer(PLUGIN_SECRET)).status())
                .isEqualTo(204);
    }

    @Test
    void aValidJwtIsAcceptedAndItsAccountClaimWins() {
        String mine = account();
        String token = Jwts.hs256(HS256_KEY, Jwts.claims(mine, Instant.now().plusSeconds(300)));
        Map<String, String> headers = new HashMap<>(bearer(token));
        headers.put("X-App-Name", "someone-else"); // the signed claim outranks the header
        Response created =
                http().send("POST", "/api/v1/things", headers, "{\"name\":\"jwt\",\"kind\":\"small\",\"weight\":1}");
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        assertThat(http().get("/api/v1/things", TestHttp.asAccount(mine)).body())
                .contains("\"name\":\"jwt\"");
        assertThat(http().get("/api/v1/things", TestHttp.asAccount("someone-else"))
                        .body())
                .doesNotContain("\"name\":\"jwt\"");
        TestHttp.Response verified = http().get("/api/v1/auth/verify", bearer(token));
        assertThat(verified.status()).isEqualTo(204);
        assertThat(verified.headers()).containsEntry("X-Nself-Account", mine);
    }

    @Test
    void authVerifyNamesTheAccountFromXAppNameOrPrimary() {
        Map<String, String> headers = new HashMap<>(bearer(PLUGIN_SECRET));
        assertThat(http().get("/api/v1/auth/verify", headers).headers()).containsEntry("X-Nself-Account", "primary");
        headers.put("X-App-Name", "acme");
        assertThat(http().get("/api/v1/auth/verify", headers).headers()).containsEntry("X-Nself-Account", "acme");
    }

    @Test
    void healthAndReadyNeedNoToken() {
        Response health = http().get("/health", Map.of());
        assertThat(health.status()).isEqualTo(200);
        assertThat(health.body())
                .contains("\"status\":\"ok\"")
                .contains("\"plugin\":\"nself-shared-test\"")
                .contains("\"migrations\":{\"applied\":1,\"expected\":1}");
        Response ready = http().get("/ready", Map.of());
        assertThat(ready.status()).isEqualTo(200);
        assertThat(ready.body()).contains("\"ready\":true");
    }

    @Test
    void publicIngestNeedsNoToken() {
        Response r =
                http().send("POST", "/api/v1/ingest/things", Map.of("Content-Type", "application/octet-stream"), "abc");
        assertThat(r.status()).isEqualTo(200);
    }

    // --- tenancy -------------------------------------------------------------------------------

    @Test
    void oneAccountCannotSeeAnothersRows() {
        String a = account();
        String b = account();
        Response created = http().send(
                        "POST",
                        "/api/v1/things",
                        TestHttp.asAccount(a),
                        "{\"name\":\"secret-of-a\",\"kind\":\"large\",\"weight\":7}");
        assertThat(created.status()).isEqualTo(201);
        String id = created.body().replaceAll(".*\"id\":\"([^\"]+)\".*", "$1");

        assertThat(http().get("/api/v1/things/" + id, TestHttp.asAccount(a)).status())
                .isEqualTo(200);
        assertError(http().get("/api/v1/things/" + id, TestHttp.asAccount(b)), 404, "NOT_FOUND");
        Response listB = http().get("/api/v1/things", TestHttp.asAccount(b));
        assertThat(listB.body()).doesNotContain("secret-of-a").contains("\"total\":0");
        Response listA = http().get("/api/v1/things", TestHttp.asAccount(a));
        assertThat(listA.body()).contains("secret-of-a").contains("\"total\":1");
    }

    @Test
    void theAppQueryParameterNamesTheAccountWhenNoHeaderDoes() {
        String a = account();
        http().send(
                        "POST",
                        "/api/v1/things?app=" + a,
                        bearer(PLUGIN_SECRET),
                        "{\"name\":\"by-query\",\"kind\":\"small\",\"weight\":1}");
        assertThat(http().get("/api/v1/things", TestHttp.asAccount(a)).body()).contains("by-query");
    }

    @ParameterizedTest
    @ValueSource(strings = {"UPPER", "-leading-dash", "has space", "semi;colon", "a/b"})
    void anInvalidAccountNameIsA400(String name) {
        Map<String, String> headers = new HashMap<>(bearer(PLUGIN_SECRET));
        headers.put("X-App-Name", name);
        assertError(http().get("/api/v1/things", headers), 400, "INVALID_REQUEST");
    }

    @Test
    void listsHaveTheNselfShapeAndPage() {
        String a = account();
        for (int i = 0; i < 3; i++) {
            http().send(
                            "POST",
                            "/api/v1/things",
                            TestHttp.asAccount(a),
                            "{\"name\":\"n" + i + "\",\"kind\":\"small\",\"weight\":" + i + "}");
        }
        Response page = http().get("/api/v1/things?limit=2&offset=1", TestHttp.asAccount(a));
        assertThat(page.body()).startsWith("{\"data\":[").contains("\"total\":3,\"limit\":2,\"offset\":1");
        assertThat(page.body().split("\"id\":").length - 1).isEqualTo(2);
    }

    @Test
    void timestampsAreUtcWithMilliseconds() {
        Response r = http().send(
                        "POST",
                        "/api/v1/things",
                        TestHttp.asAccount(account()),
                        "{\"name\":\"t\",\"kind\":\"small\",\"weight\":1}");
        assertThat(r.body()).containsPattern("\"created_at\":\"\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z\"");
    }

    static byte[] gzip(byte[] data) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(data);
        }
        return out.toByteArray();
    }
}
