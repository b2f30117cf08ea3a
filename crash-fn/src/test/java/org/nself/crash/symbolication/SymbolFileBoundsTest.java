package org.nself.crash.symbolication;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micronaut.core.type.Argument;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.http.client.exceptions.HttpClientResponseException;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.nself.crash.event.DebugImage;
import org.nself.shared.tenancy.AccountId;
import org.nself.shared.testing.PostgresTest;

/** Hostile and oversized symbol files at {@code POST /api/v1/dsyms}, with a small table bound. */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SymbolFileBoundsTest implements PostgresTest {
    private static final Argument<Map<String, Object>> JSON = Argument.mapOf(String.class, Object.class);
    private static final long MAX_TABLE = 200_000;
    private static final String HOSTILE_ID = "dfb8e43a-f242-3d73-a453-aeb6a777ef75";

    @Inject
    @Client("/")
    HttpClient client;

    @Inject
    Symbolicator symbolicator;

    @Inject
    SymbolFileRepository repository;

    @Override
    public Map<String, String> extraProperties() {
        return Map.of(
                "nself.crash.symbols.max-upload-bytes",
                "2000000",
                "nself.crash.symbols.max-table-bytes",
                String.valueOf(MAX_TABLE));
    }

    private static String account() {
        return "t-" + UUID.randomUUID().toString().substring(0, 12);
    }

    private HttpResponse<Map<String, Object>> upload(String account, byte[] content) {
        return client.toBlocking()
                .exchange(
                        HttpRequest.POST("/api/v1/dsyms", content)
                                .contentType(MediaType.APPLICATION_OCTET_STREAM_TYPE)
                                .bearerAuth(PLUGIN_SECRET)
                                .header("X-App-Name", account),
                        JSON);
    }

    private HttpClientResponseException refused(byte[] content) {
        String account = account();
        HttpClientResponseException e = org.junit.jupiter.api.Assertions.assertThrows(
                HttpClientResponseException.class, () -> upload(account, content));
        assertThat(e.getStatus().getCode()).isBetween(400, 499);
        assertThat(e.getResponse().getBody(JSON).orElseThrow()).containsKeys("error", "code", "timestamp");
        assertThat(client.toBlocking()
                        .retrieve(
                                HttpRequest.GET("/api/v1/dsyms")
                                        .bearerAuth(PLUGIN_SECRET)
                                        .header("X-App-Name", account),
                                JSON))
                .containsEntry("total", 0);
        return e;
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> details(HttpClientResponseException e) {
        return (List<Map<String, Object>>)
                e.getResponse().getBody(JSON).orElseThrow().get("details");
    }

    @Test
    void breakpadFileWhoseTablePassesTheBoundIsRefusedWith413NamingTheFile() {
        HttpClientResponseException e = refused(HostileSymbolFiles.breakpad(1_000_000));

        assertThat(e.getStatus().getCode()).isEqualTo(HttpStatus.REQUEST_ENTITY_TOO_LARGE.getCode());
        assertThat(details(e)).singleElement().satisfies(d -> {
            assertThat(d).containsEntry("field", "file");
            assertThat((String) d.get("message")).contains("max-table-bytes");
        });
    }

    @Test
    void breakpadFileWithinTheBoundIsStored() {
        assertThat(upload(account(), HostileSymbolFiles.breakpad(20_000))
                        .getStatus()
                        .getCode())
                .isEqualTo(HttpStatus.CREATED.getCode());
    }

    @Test
    void amplifyingElfIsRefusedAsUnreadable() {
        HttpClientResponseException e = refused(HostileSymbolFiles.amplifyingElf(1_000, 500));

        assertThat(e.getStatus().getCode()).isEqualTo(HttpStatus.UNPROCESSABLE_ENTITY.getCode());
        assertThat(details(e)).singleElement().satisfies(d -> assertThat((String) d.get("message"))
                .contains("500 .symtab"));
    }

    @Test
    void elfWithUnterminatedNamesIsRefused() {
        refused(HostileSymbolFiles.elfWithUnterminatedNames(2_000, 500_000));
    }

    @Test
    void overlappingFatMachOIsRefused() {
        refused(HostileSymbolFiles.overlappingFatMachO(20));
    }

    @Test
    void proguardMappingWithA26KbCommentLineIsStored() {
        assertThat(upload(account(), HostileSymbolFiles.proguardCommentLine(26_000))
                        .getStatus()
                        .getCode())
                .isEqualTo(HttpStatus.CREATED.getCode());
    }

    @Test
    void storedFileWhoseTablePassesTheBoundIsReadOnceNotForEveryReport() {
        // stored before the bound existed (written past the upload check): its table would not fit the cache
        AccountId account = new AccountId(account());
        byte[] content = HostileSymbolFiles.breakpad(1_000_000);
        repository.save(
                account,
                SymbolFormat.BREAKPAD,
                "libhostile.so.sym",
                content,
                "00".repeat(32),
                List.of(new SymbolIdentity(DebugId.parse(HOSTILE_ID), null, "x86_64", "libhostile.so")));
        List<DebugImage> images = List.of(new DebugImage(
                "elf", 0x5555_0000_0000L, 0x100_0000, HOSTILE_ID, null, "libhostile.so", null, 0, "x86_64"));
        List<NativeFrame> frames = List.of(new NativeFrame(0x5555_0000_0000L + 0x1004, null, false));
        long before = symbolicator.loads();

        for (int report = 0; report < 5; report++) {
            NativeSymbolication result = symbolicator.symbolicate(account, images, frames);
            assertThat(result.frames()).allMatch(f -> f.frames().isEmpty());
        }

        assertThat(symbolicator.loads() - before).isEqualTo(1);
    }

    @Test
    void uploadAfterRefusalsStillWorks() {
        assertThatThrownBy(() -> upload(account(), HostileSymbolFiles.amplifyingElf(100, 50)))
                .isInstanceOf(HttpClientResponseException.class);
        assertThat(upload(account(), BreakpadSymbolsTest.SAMPLE.getBytes(java.nio.charset.StandardCharsets.UTF_8))
                        .getStatus()
                        .getCode())
                .isEqualTo(HttpStatus.CREATED.getCode());
    }
}
