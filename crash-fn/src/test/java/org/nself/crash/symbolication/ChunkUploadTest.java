package org.nself.crash.symbolication;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import io.micronaut.context.ApplicationContext;
import io.micronaut.json.JsonMapper;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.io.ByteArrayOutputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.nself.crash.Api;
import org.nself.shared.lambda.HttpApiHandler;
import org.nself.shared.testing.LambdaEvents;
import org.nself.shared.testing.PostgresTest;

/**
 * The edges of the chunk-upload protocol that sentry-cli never walks on its own (SentryCliPeerTest drives
 * the real client): refusals, limits, two accounts, and the Lambda handler.
 */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ChunkUploadTest implements PostgresTest {
    private static final int CHUNK = 64 * 1024;
    private static final String BOUNDARY = "chunkboundary42";
    private static final byte[] SYM = BreakpadSymbolsTest.SAMPLE.getBytes(StandardCharsets.UTF_8);

    @Inject
    EmbeddedServer server;

    @Inject
    ApplicationContext context;

    @Inject
    JsonMapper json;

    @Override
    public Map<String, String> extraProperties() {
        return Map.of(
                "nself.crash.chunk-upload.chunk-size", String.valueOf(CHUNK),
                "nself.crash.chunk-upload.max-request-size", String.valueOf(2 * CHUNK),
                "nself.crash.chunk-upload.max-pending-bytes", String.valueOf(4 * CHUNK));
    }

    private Api account() {
        return new Api(server.getURI());
    }

    @Test
    void theOptionsTellSentryCliTheLimitsInSentrysNames() {
        HttpResponse<String> answer = account().get("/api/0/organizations/acme/chunk-upload/");

        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        Map<String, Object> options = Api.json(json, answer.body());
        assertThat(options)
                .containsEntry("url", "/api/0/organizations/acme/chunk-upload/")
                .containsEntry("chunkSize", CHUNK)
                .containsEntry("maxRequestSize", 2 * CHUNK)
                .containsEntry("hashAlgorithm", "sha1")
                .containsEntry("compression", List.of("gzip"))
                .containsEntry("accept", List.of("debug_files", "proguard"))
                .containsKeys("chunksPerRequest", "maxFileSize", "concurrency");
    }

    @Test
    void withoutABearerTokenEveryRouteIs401() {
        Api anonymous = account();
        HttpResponse<String> options = anonymous.send(anonymous
                .anonymous("/api/0/organizations/acme/chunk-upload/")
                .GET()
                .build());
        HttpResponse<String> assemble = anonymous.send(anonymous
                .anonymous("/api/0/projects/acme/game/files/difs/assemble/")
                .POST(HttpRequest.BodyPublishers.ofString("{}"))
                .build());

        assertThat(options.statusCode()).isEqualTo(401);
        assertThat(assemble.statusCode()).isEqualTo(401);
    }

    @Test
    void twoAccountsShareNeitherChunksNorAssembledFiles() {
        Api alice = account();
        Api bob = account();
        String sha1 = UploadChunks.sha1(SYM);
        assertThat(postChunks(alice, Map.of(sha1, SYM)).statusCode()).isEqualTo(200);

        Map<String, Object> bobFirst = assemble(bob, sha1, List.of(sha1));
        Map<String, Object> aliceAnswer = assemble(alice, sha1, List.of(sha1));
        Map<String, Object> bobAfter = assemble(bob, sha1, List.of(sha1));

        assertThat(bobFirst).containsEntry("state", "not_found").containsEntry("missingChunks", List.of(sha1));
        assertThat(aliceAnswer).containsEntry("state", "ok").containsEntry("missingChunks", List.of());
        assertThat(bobAfter).containsEntry("state", "not_found");
        assertThat(Api.data(json, bob.get("/api/v1/dsyms").body())).isEmpty();
        assertThat(Api.data(json, alice.get("/api/v1/dsyms").body())).hasSize(1);
    }

    @Test
    void aFileOfSeveralChunksIsJoinedInTheOrderAssembleNames() {
        Api api = account();
        byte[] file = padded(SYM, 3 * CHUNK + 100);
        List<String> order = List.of(
                sha1(file, 0, CHUNK),
                sha1(file, CHUNK, 2 * CHUNK),
                sha1(file, 2 * CHUNK, 3 * CHUNK),
                sha1(file, 3 * CHUNK, file.length));
        Map<String, byte[]> lastFirst = new java.util.LinkedHashMap<>();
        lastFirst.put(order.get(3), slice(file, 3 * CHUNK, file.length));
        lastFirst.put(order.get(1), slice(file, CHUNK, 2 * CHUNK));
        assertThat(postChunks(api, lastFirst).statusCode()).isEqualTo(200);

        Map<String, Object> first = assemble(api, UploadChunks.sha1(file), order);
        postChunks(api, Map.of(order.get(0), slice(file, 0, CHUNK), order.get(2), slice(file, 2 * CHUNK, 3 * CHUNK)));
        Map<String, Object> second = assemble(api, UploadChunks.sha1(file), order);

        assertThat(first)
                .containsEntry("state", "not_found")
                .containsEntry("missingChunks", List.of(order.get(0), order.get(2)));
        assertThat(second).containsEntry("state", "ok");
        @SuppressWarnings("unchecked")
        Map<String, Object> dif = (Map<String, Object>) second.get("dif");
        assertThat(dif)
                .containsEntry("debugId", "dfb8e43a-f242-3d73-a453-aeb6a777ef75")
                .containsEntry("cpuName", "x86_64");
    }

    @Test
    void aChunkNotNamedByItsSha1IsRefusedAndNothingOfItsRequestIsStored() {
        Api api = account();
        String good = UploadChunks.sha1(SYM);
        Map<String, byte[]> chunks = new java.util.LinkedHashMap<>();
        chunks.put(good, SYM);
        chunks.put(UploadChunks.sha1(new byte[] {1}), new byte[] {2});

        HttpResponse<String> answer = postChunks(api, chunks);

        assertThat(answer.statusCode()).isEqualTo(400);
        assertThat(answer.body()).contains("\"code\":\"INVALID_REQUEST\"").contains("does not have that SHA-1");
        assertThat(assemble(api, good, List.of(good))).containsEntry("state", "not_found");
    }

    @Test
    void aChunkRequestThatIsNotMultipartIs415() {
        Api api = account();
        HttpResponse<String> answer = api.send(api.request("/api/0/organizations/acme/chunk-upload/")
                .header("Content-Type", "application/octet-stream")
                .POST(HttpRequest.BodyPublishers.ofByteArray(SYM))
                .build());

        assertThat(answer.statusCode()).isEqualTo(415);
        assertThat(answer.body()).contains("\"code\":\"UNSUPPORTED_MEDIA_TYPE\"");
    }

    @Test
    void aChunkRequestOverTheRequestLimitIs413() {
        Api api = account();
        byte[] big = new byte[3 * CHUNK];
        new Random(1).nextBytes(big);

        HttpResponse<String> whole = postChunks(api, Map.of(UploadChunks.sha1(big), big));
        Map<String, byte[]> three = new HashMap<>();
        for (int i = 0; i < 3; i++) {
            byte[] part = slice(big, i * CHUNK, (i + 1) * CHUNK - 10);
            three.put(UploadChunks.sha1(part), part);
        }
        HttpResponse<String> tooMany = postChunks(api, three);

        assertThat(whole.statusCode()).as(whole.body()).isEqualTo(413);
        assertThat(tooMany.statusCode()).as(tooMany.body()).isEqualTo(413);
        assertThat(tooMany.body()).contains("\"code\":\"PAYLOAD_TOO_LARGE\"");
    }

    @Test
    void anAccountHoldsAtMostItsCapOfChunksNotYetAssembled() {
        Api api = account();
        byte[] random = new byte[5 * CHUNK];
        new Random(2).nextBytes(random);
        int accepted = 0;
        HttpResponse<String> last = null;
        for (int i = 0; i < 5; i++) {
            byte[] part = slice(random, i * CHUNK, (i + 1) * CHUNK);
            last = postChunks(api, Map.of(UploadChunks.sha1(part), part));
            if (last.statusCode() == 200) {
                accepted++;
            }
        }

        assertThat(accepted).isEqualTo(4);
        assertThat(last.statusCode()).isEqualTo(413);
        assertThat(last.body()).contains("not yet assembled");
    }

    @Test
    void chunksThatDoNotMakeUpTheChecksumAnswerError() {
        Api api = account();
        String chunk = UploadChunks.sha1(SYM);
        postChunks(api, Map.of(chunk, SYM));
        String other = UploadChunks.sha1("something else".getBytes(StandardCharsets.UTF_8));

        assertThat(assemble(api, other, List.of(chunk)))
                .containsEntry("state", "error")
                .satisfies(a -> assertThat(String.valueOf(a.get("detail"))).contains("SHA-1"));
        assertThat(Api.data(json, api.get("/api/v1/dsyms").body())).isEmpty();
    }

    @Test
    void aFileThatIsNoSymbolFileAnswersErrorWithTheReason() {
        Api api = account();
        byte[] junk = "just some text, no symbols".getBytes(StandardCharsets.UTF_8);
        String sha1 = UploadChunks.sha1(junk);
        postChunks(api, Map.of(sha1, junk));

        assertThat(assemble(api, sha1, List.of(sha1)))
                .containsEntry("state", "error")
                .satisfies(a -> assertThat(String.valueOf(a.get("detail"))).contains("unknown symbol file format"));
    }

    @Test
    void anAssembleRequestThatIsNoObjectOfFilesBySha1Is400() {
        Api api = account();
        String path = "/api/0/projects/acme/game/files/difs/assemble/";

        assertThat(api.post(path, "[1,2]").statusCode()).isEqualTo(400);
        assertThat(api.post(path, "{\"not-a-sha1\":{\"name\":\"x\",\"chunks\":[]}}")
                        .statusCode())
                .isEqualTo(400);
        assertThat(api.post(path, "{\"%s\":{\"name\":\"x\",\"chunks\":[\"zz\"]}}".formatted("a".repeat(40)))
                        .statusCode())
                .isEqualTo(400);
        assertThat(api.post(path, "").statusCode()).isEqualTo(400);
    }

    @Test
    void chunksAndAssemblyWorkThroughTheLambdaHandler() {
        HttpApiHandler handler = new HttpApiHandler(context);
        String account = account().account;
        String sha1 = UploadChunks.sha1(SYM);
        byte[] body = multipart(Map.of(sha1, SYM));
        APIGatewayV2HTTPEvent chunks = LambdaEvents.v2(
                "POST",
                "/api/0/organizations/acme/chunk-upload/",
                lambdaHeaders(account, "multipart/form-data; boundary=" + BOUNDARY),
                "");
        chunks.getHeaders().put("content-length", String.valueOf(body.length));
        chunks.setBody(Base64.getEncoder().encodeToString(body));
        chunks.setIsBase64Encoded(true);

        LambdaEvents.Answer uploaded = LambdaEvents.answer(handler.handleRequest(chunks, null));
        LambdaEvents.Answer assembled = LambdaEvents.answer(handler.handleRequest(
                LambdaEvents.v2(
                        "POST",
                        "/api/0/projects/acme/game/files/difs/assemble/",
                        lambdaHeaders(account, "application/json"),
                        "{\"%s\":{\"name\":\"libgame.sym\",\"chunks\":[\"%s\"]}}".formatted(sha1, sha1)),
                null));

        assertThat(uploaded.status()).as(uploaded.body()).isEqualTo(200);
        assertThat(assembled.status()).as(assembled.body()).isEqualTo(200);
        assertThat(assembled.body()).contains("\"state\":\"ok\"");
    }

    // --- helpers

    private static Map<String, String> lambdaHeaders(String account, String contentType) {
        return Map.of("Authorization", "Bearer " + PLUGIN_SECRET, "X-App-Name", account, "Content-Type", contentType);
    }

    private Map<String, Object> assemble(Api api, String checksum, List<String> chunks) {
        String list = String.join("\",\"", chunks);
        HttpResponse<String> answer = api.post(
                "/api/0/projects/acme/game/files/difs/assemble/",
                "{\"%s\":{\"name\":\"libgame.sym\",\"chunks\":[\"%s\"]}}".formatted(checksum, list));
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        @SuppressWarnings("unchecked")
        Map<String, Object> file =
                (Map<String, Object>) Api.json(json, answer.body()).get(checksum);
        return file;
    }

    private static HttpResponse<String> postChunks(Api api, Map<String, byte[]> chunks) {
        return api.send(api.request("/api/0/organizations/acme/chunk-upload/")
                .header("Content-Type", "multipart/form-data; boundary=" + BOUNDARY)
                .POST(HttpRequest.BodyPublishers.ofByteArray(multipart(chunks)))
                .build());
    }

    private static byte[] multipart(Map<String, byte[]> chunks) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        chunks.forEach((name, content) -> {
            out.writeBytes(("--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + name
                            + "\"\r\nContent-Type: application/octet-stream\r\n\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1));
            out.writeBytes(content);
            out.writeBytes("\r\n".getBytes(StandardCharsets.ISO_8859_1));
        });
        out.writeBytes(("--" + BOUNDARY + "--\r\n").getBytes(StandardCharsets.ISO_8859_1));
        return out.toByteArray();
    }

    /** A Breakpad file made longer by comment-free padding records the parser skips (INFO lines). */
    private static byte[] padded(byte[] sym, int length) {
        StringBuilder text = new StringBuilder(new String(sym, StandardCharsets.UTF_8));
        while (text.length() < length) {
            text.append("INFO PADDING 0123456789abcdef0123456789abcdef\n");
        }
        return text.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] slice(byte[] content, int from, int to) {
        return java.util.Arrays.copyOfRange(content, from, to);
    }

    private static String sha1(byte[] content, int from, int to) {
        return UploadChunks.sha1(slice(content, from, to));
    }
}
