package org.nself.crash.symbolication;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micronaut.core.type.Argument;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpRequest;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.http.client.exceptions.HttpClientResponseException;
import io.micronaut.http.client.multipart.MultipartBody;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.nself.shared.testing.PostgresTest;

@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SymbolFileControllerTest implements PostgresTest {
    private static final Argument<Map<String, Object>> JSON = Argument.mapOf(String.class, Object.class);
    static final long MAX_UPLOAD = 300_000;
    private static final String GAME_ID = "dfb8e43a-f242-3d73-a453-aeb6a777ef75";

    @Inject
    @Client("/")
    HttpClient client;

    @Inject
    io.micronaut.context.ApplicationContext applicationContext;

    @Override
    public Map<String, String> extraProperties() {
        return Map.of(
                "nself.crash.symbols.max-upload-bytes", String.valueOf(MAX_UPLOAD),
                "nself.crash.symbols.archive.max-entries", "50",
                "nself.crash.symbols.archive.max-entry-bytes", "10000000",
                "nself.crash.symbols.archive.max-total-bytes", "20000000");
    }

    static String account() {
        return "t-" + UUID.randomUUID().toString().substring(0, 12);
    }

    static <T> MutableHttpRequest<T> as(String account, MutableHttpRequest<T> request) {
        return request.bearerAuth(PLUGIN_SECRET).header("X-App-Name", account);
    }

    @Test
    void anUploadDeclaringMoreThanTheLimitIsRefusedBeforeItsBodyIsSent() throws Exception {
        var server = applicationContext.getBean(io.micronaut.runtime.server.EmbeddedServer.class);
        try (var socket = new java.net.Socket(java.net.InetAddress.getLoopbackAddress(), server.getPort())) {
            socket.setSoTimeout(20_000);
            socket.getOutputStream()
                    .write(("POST /api/v1/dsyms HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + PLUGIN_SECRET
                                    + "\r\nContent-Type: application/octet-stream\r\nContent-Length: 60000000\r\n\r\n")
                            .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            String answer =
                    new String(socket.getInputStream().readNBytes(12), java.nio.charset.StandardCharsets.US_ASCII);
            assertThat(answer).isEqualTo("HTTP/1.1 413");
        }
    }

    @Test
    void theDefaultFileLimitsAreSixtyFourMebibytesOrASixthOfTheHeap() {
        assertThat(SymbolSettings.byHeap(230L << 20)).isEqualTo((230L << 20) / 6);
        assertThat(SymbolSettings.byHeap(6L << 30)).isEqualTo(64L << 20);
    }

    private HttpResponse<Map<String, Object>> uploadMultipart(String account, String name, byte[] content) {
        MultipartBody body = MultipartBody.builder()
                .addPart("file", name, MediaType.APPLICATION_OCTET_STREAM_TYPE, content)
                .build();
        return client.toBlocking()
                .exchange(
                        as(
                                account,
                                HttpRequest.POST("/api/v1/dsyms", body)
                                        .contentType(MediaType.MULTIPART_FORM_DATA_TYPE)),
                        JSON);
    }

    private HttpResponse<Map<String, Object>> uploadRaw(String account, String query, byte[] content) {
        return client.toBlocking()
                .exchange(
                        as(
                                account,
                                HttpRequest.POST("/api/v1/dsyms" + query, content)
                                        .contentType(MediaType.APPLICATION_OCTET_STREAM_TYPE)),
                        JSON);
    }

    private Map<String, Object> list(String account) {
        return client.toBlocking().retrieve(as(account, HttpRequest.GET("/api/v1/dsyms")), JSON);
    }

    private static Map<String, Object> errorOf(HttpClientResponseException e) {
        return e.getResponse().getBody(JSON).orElseThrow();
    }

    private static byte[] sym() {
        return BreakpadSymbolsTest.SAMPLE.getBytes(StandardCharsets.UTF_8);
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> debugIds(Map<String, Object> file) {
        return (List<Map<String, Object>>) file.get("debug_ids");
    }

    @Test
    void multipartBreakpadUploadIsStoredUnderTheDebugIdOfItsModuleRecord() {
        String account = account();

        HttpResponse<Map<String, Object>> response = uploadMultipart(account, "libgame.so.sym", sym());

        assertThat(response.status().getCode()).isEqualTo(HttpStatus.CREATED.getCode());
        Map<String, Object> file = response.body();
        assertThat(file).containsEntry("format", "breakpad").containsEntry("file_name", "libgame.so.sym");
        assertThat(file.get("size_bytes")).isEqualTo(sym().length);
        assertThat(debugIds(file))
                .containsExactly(Map.of(
                        "debug_id", GAME_ID,
                        "code_id", "3ae4b8df42f2733da453aeb6a777ef75",
                        "arch", "x86_64",
                        "debug_file", "libgame.so"));
    }

    @Test
    void sameBytesUploadedTwiceAreStoredOnce() {
        String account = account();
        Object first = uploadMultipart(account, "a.sym", sym()).body().get("id");

        HttpResponse<Map<String, Object>> again = uploadRaw(account, "", sym());

        assertThat(again.status().getCode()).isEqualTo(HttpStatus.OK.getCode());
        assertThat(again.body().get("id")).isEqualTo(first);
        assertThat(list(account).get("total")).isEqualTo(1);
    }

    @Test
    void rawBodyUploadTakesItsNameFromTheQuery() {
        String account = account();
        byte[] mapping = ProguardMappingTest.MAPPING.getBytes(StandardCharsets.UTF_8);

        Map<String, Object> file =
                uploadRaw(account, "?file_name=mapping.txt", mapping).body();

        assertThat(file).containsEntry("format", "proguard").containsEntry("file_name", "mapping.txt");
        assertThat(debugIds(file).get(0))
                .containsEntry("debug_id", ProguardMapping.uuidOf(mapping).value());
    }

    @Test
    void gzippedRawBodyIsDecompressedBeforeReading() throws Exception {
        String account = account();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(sym());
        }

        Map<String, Object> file = uploadRaw(account, "", out.toByteArray()).body();

        assertThat(file).containsEntry("format", "breakpad").containsEntry("size_bytes", sym().length);
    }

    @Test
    void dsymZipIsStoredAndListedWithItsMachOUuid() {
        String account = account();
        UUID uuid = UUID.randomUUID();
        byte[] zip = MachOBuilder.dsymZip(
                MachOBuilder.arm64(uuid).withSampleSymbols().build());

        uploadMultipart(account, "MyApp.dSYM.zip", zip);

        Map<String, Object> listed = list(account);
        assertThat(listed).containsEntry("total", 1).containsEntry("limit", 100).containsEntry("offset", 0);
        @SuppressWarnings("unchecked")
        Map<String, Object> file = ((List<Map<String, Object>>) listed.get("data")).get(0);
        assertThat(file).containsEntry("format", "dsym");
        assertThat(debugIds(file).get(0))
                .containsEntry("debug_id", uuid.toString())
                .containsEntry("arch", "arm64");
    }

    @Test
    void listIsPagedNewestFirst() {
        String account = account();
        uploadRaw(account, "?file_name=one", sym());
        uploadRaw(account, "?file_name=two", ProguardMappingTest.MAPPING.getBytes(StandardCharsets.UTF_8));

        Map<String, Object> page =
                client.toBlocking().retrieve(as(account, HttpRequest.GET("/api/v1/dsyms?limit=1&offset=1")), JSON);

        assertThat(page).containsEntry("total", 2).containsEntry("limit", 1).containsEntry("offset", 1);
        assertThat((List<?>) page.get("data")).hasSize(1);
        assertThatThrownBy(() -> client.toBlocking().retrieve(as(account, HttpRequest.GET("/api/v1/dsyms?limit=0"))))
                .isInstanceOfSatisfying(
                        HttpClientResponseException.class,
                        e -> assertThat(e.getStatus().getCode()).isEqualTo(HttpStatus.BAD_REQUEST.getCode()));
    }

    @Test
    void deletedFileIsGoneFromListAndLookup() {
        String account = account();
        String id = (String) uploadRaw(account, "", sym()).body().get("id");

        HttpResponse<?> deleted = client.toBlocking().exchange(as(account, HttpRequest.DELETE("/api/v1/dsyms/" + id)));

        assertThat(deleted.status().getCode()).isEqualTo(HttpStatus.NO_CONTENT.getCode());
        assertThat(list(account).get("total")).isEqualTo(0);
        assertThatThrownBy(() -> client.toBlocking().exchange(as(account, HttpRequest.DELETE("/api/v1/dsyms/" + id))))
                .isInstanceOfSatisfying(
                        HttpClientResponseException.class,
                        e -> assertThat(e.getStatus().getCode()).isEqualTo(HttpStatus.NOT_FOUND.getCode()));
    }

    @Test
    void accountsCannotSeeOrDeleteEachOthersSymbolFiles() {
        String owner = account();
        String other = account();
        String id = (String) uploadRaw(owner, "", sym()).body().get("id");

        assertThat(list(other).get("total")).isEqualTo(0);
        for (MutableHttpRequest<?> request :
                List.of(HttpRequest.GET("/api/v1/dsyms/" + id), HttpRequest.DELETE("/api/v1/dsyms/" + id))) {
            assertThatThrownBy(() -> client.toBlocking().exchange(as(other, request), JSON))
                    .isInstanceOfSatisfying(HttpClientResponseException.class, e -> {
                        assertThat(e.getStatus().getCode()).isEqualTo(HttpStatus.NOT_FOUND.getCode());
                        assertThat(errorOf(e)).containsEntry("code", "NOT_FOUND");
                    });
        }
        Map<String, Object> shown =
                client.toBlocking().retrieve(as(owner, HttpRequest.GET("/api/v1/dsyms/" + id)), JSON);
        assertThat(shown).containsEntry("id", id);
    }

    @Test
    void uploadWithoutBearerIsUnauthorized() {
        assertThatThrownBy(() -> client.toBlocking()
                        .exchange(HttpRequest.POST("/api/v1/dsyms", sym())
                                .contentType(MediaType.APPLICATION_OCTET_STREAM_TYPE)))
                .isInstanceOfSatisfying(
                        HttpClientResponseException.class,
                        e -> assertThat(e.getStatus().getCode()).isEqualTo(HttpStatus.UNAUTHORIZED.getCode()));
    }

    @Test
    void uploadOverTheLimitIsRefusedWith413() {
        byte[] big = new byte[(int) MAX_UPLOAD + 1];

        assertThatThrownBy(() -> uploadRaw(account(), "", big))
                .isInstanceOfSatisfying(HttpClientResponseException.class, e -> {
                    assertThat(e.getStatus().getCode()).isEqualTo(HttpStatus.REQUEST_ENTITY_TOO_LARGE.getCode());
                    assertThat(errorOf(e)).containsEntry("code", "PAYLOAD_TOO_LARGE");
                });
        assertThatThrownBy(() -> uploadMultipart(account(), "big.sym", big))
                .isInstanceOfSatisfying(HttpClientResponseException.class, e -> assertThat(
                                e.getStatus().getCode())
                        .isEqualTo(HttpStatus.REQUEST_ENTITY_TOO_LARGE.getCode()));
    }

    @Test
    void unreadableFileIsRefusedWith422() {
        byte[] broken = "MODULE Linux x86_64 DFB8E43AF2423D73A453AEB6A777EF750 a\nFUNC zz 1 0 f\n"
                .getBytes(StandardCharsets.UTF_8);

        for (byte[] body : List.of(broken, "hello".getBytes(StandardCharsets.UTF_8))) {
            assertThatThrownBy(() -> uploadRaw(account(), "", body))
                    .isInstanceOfSatisfying(HttpClientResponseException.class, e -> {
                        assertThat(e.getStatus().getCode()).isEqualTo(HttpStatus.UNPROCESSABLE_ENTITY.getCode());
                        assertThat(errorOf(e)).containsEntry("code", "UNPROCESSABLE");
                    });
        }
    }

    @Test
    void zipWithPathTraversalIsRefusedWith400() {
        byte[] zip = MachOBuilder.zip(new String[] {"../evil"}, new byte[][] {sym()});

        assertThatThrownBy(() -> uploadMultipart(account(), "x.zip", zip))
                .isInstanceOfSatisfying(HttpClientResponseException.class, e -> {
                    assertThat(e.getStatus().getCode()).isEqualTo(HttpStatus.BAD_REQUEST.getCode());
                    assertThat(errorOf(e).get("error").toString()).contains("escapes the archive");
                });
    }

    @Test
    void zipBombIsRefusedWith413() {
        byte[] bomb = MachOBuilder.zip(
                new String[] {"MyApp.dSYM/Contents/Resources/DWARF/MyApp"}, new byte[][] {new byte[8_000_000]});

        assertThatThrownBy(() -> uploadMultipart(account(), "bomb.zip", bomb))
                .isInstanceOfSatisfying(HttpClientResponseException.class, e -> {
                    assertThat(e.getStatus().getCode()).isEqualTo(HttpStatus.REQUEST_ENTITY_TOO_LARGE.getCode());
                    assertThat(errorOf(e).get("error").toString()).contains("zip bomb");
                });
    }

    @Test
    void nestedArchiveIsRefusedWith400() {
        byte[] inner =
                MachOBuilder.dsymZip(MachOBuilder.arm64(UUID.randomUUID()).build());
        byte[] outer = MachOBuilder.zip(new String[] {"bundle/inner.zip"}, new byte[][] {inner});

        assertThatThrownBy(() -> uploadMultipart(account(), "outer.zip", outer))
                .isInstanceOfSatisfying(
                        HttpClientResponseException.class,
                        e -> assertThat(e.getStatus().getCode()).isEqualTo(HttpStatus.BAD_REQUEST.getCode()));
    }

    @Test
    void declaredDebugIdThatTheFileDoesNotCarryIsRefused() {
        assertThatThrownBy(() -> uploadRaw(account(), "?debug_id=11111111-2222-3333-4444-555555555555", sym()))
                .isInstanceOfSatisfying(
                        HttpClientResponseException.class,
                        e -> assertThat(e.getStatus().getCode()).isEqualTo(HttpStatus.UNPROCESSABLE_ENTITY.getCode()));
        assertThatThrownBy(() -> uploadRaw(account(), "?debug_id=nope", sym()))
                .isInstanceOfSatisfying(
                        HttpClientResponseException.class,
                        e -> assertThat(e.getStatus().getCode()).isEqualTo(HttpStatus.BAD_REQUEST.getCode()));
    }

    @Test
    void multipartWithoutFileFieldIsABadRequest() {
        MultipartBody body = MultipartBody.builder()
                .addPart("other", "x.sym", MediaType.APPLICATION_OCTET_STREAM_TYPE, sym())
                .build();

        assertThatThrownBy(() -> client.toBlocking()
                        .exchange(as(
                                account(),
                                HttpRequest.POST("/api/v1/dsyms", body)
                                        .contentType(MediaType.MULTIPART_FORM_DATA_TYPE))))
                .isInstanceOfSatisfying(
                        HttpClientResponseException.class,
                        e -> assertThat(e.getStatus().getCode()).isEqualTo(HttpStatus.BAD_REQUEST.getCode()));
    }

    @Test
    void unknownIdAnswers404() {
        assertThatThrownBy(() -> client.toBlocking()
                        .exchange(as(account(), HttpRequest.GET("/api/v1/dsyms/" + UUID.randomUUID()))))
                .isInstanceOfSatisfying(
                        HttpClientResponseException.class,
                        e -> assertThat(e.getStatus().getCode()).isEqualTo(HttpStatus.NOT_FOUND.getCode()));
        assertThatThrownBy(
                        () -> client.toBlocking().exchange(as(account(), HttpRequest.GET("/api/v1/dsyms/not-a-uuid"))))
                .isInstanceOfSatisfying(
                        HttpClientResponseException.class,
                        e -> assertThat(e.getStatus().getCode()).isEqualTo(HttpStatus.NOT_FOUND.getCode()));
    }

    @Test
    @SuppressWarnings("unchecked")
    void listFiltersByDebugIdInAnyOfItsForms() {
        String account = account();
        uploadRaw(account, "", sym());
        uploadRaw(account, "", ProguardMappingTest.MAPPING.getBytes(StandardCharsets.UTF_8));

        Map<String, Object> byBreakpadForm = client.toBlocking()
                .retrieve(
                        as(account, HttpRequest.GET("/api/v1/dsyms?debug_id=DFB8E43AF2423D73A453AEB6A777EF750")), JSON);

        assertThat(byBreakpadForm).containsEntry("total", 1);
        assertThat(debugIds(((List<Map<String, Object>>) byBreakpadForm.get("data")).get(0)))
                .extracting(m -> m.get("debug_id"))
                .containsExactly(GAME_ID);
        assertThatThrownBy(
                        () -> client.toBlocking().retrieve(as(account, HttpRequest.GET("/api/v1/dsyms?debug_id=zzz"))))
                .isInstanceOfSatisfying(
                        HttpClientResponseException.class,
                        e -> assertThat(e.getStatus().getCode()).isEqualTo(400));
    }
}
