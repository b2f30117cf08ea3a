package org.nself.crash.symbolication;

import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.context.event.ApplicationEventListener;
import io.micronaut.core.type.Argument;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MediaType;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.nself.crash.event.DebugImage;
import org.nself.shared.tenancy.AccountId;
import org.nself.shared.testing.PostgresTest;

/** The service the ingest side calls, over files uploaded through the API into the real database. */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SymbolicatorTest implements PostgresTest {
    private static final String GAME_ID = "dfb8e43a-f242-3d73-a453-aeb6a777ef75";
    private static final String LIBC_ID = "11111111-2222-3333-4444-555555555555";
    private static final long GAME_BASE = 0x5555_0000_0000L;
    private static final long LIBC_BASE = 0x7f10_0000_0000L;

    @Inject
    @Client("/")
    HttpClient client;

    @Inject
    Symbolicator symbolicator;

    @Inject
    Recorder recorder;

    /** Collects the change events the retroactive job will listen to. */
    @Singleton
    static final class Recorder implements ApplicationEventListener<SymbolFilesChanged> {
        final List<SymbolFilesChanged> events = new CopyOnWriteArrayList<>();

        @Override
        public void onApplicationEvent(SymbolFilesChanged event) {
            events.add(event);
        }
    }

    private static final List<DebugImage> IMAGES = List.of(
            new DebugImage("elf", GAME_BASE, 0x8000, GAME_ID, null, "libgame.so", null, 0, "x86_64"),
            new DebugImage("elf", LIBC_BASE, 0x10000, LIBC_ID, null, "libc.so.6", null, 0, "x86_64"));
    private static final List<NativeFrame> FRAMES = List.of(
            new NativeFrame(LIBC_BASE + 0x100, null, false),
            new NativeFrame(GAME_BASE + 0x1011, null, false),
            new NativeFrame(GAME_BASE + 0x201a, null, true));

    private Map<String, Object> upload(String account, byte[] content) {
        return client.toBlocking()
                .retrieve(
                        HttpRequest.POST("/api/v1/dsyms", content)
                                .contentType(MediaType.APPLICATION_OCTET_STREAM_TYPE)
                                .bearerAuth(PLUGIN_SECRET)
                                .header("X-App-Name", account),
                        Argument.mapOf(String.class, Object.class));
    }

    private static String account() {
        return "t-" + UUID.randomUUID().toString().substring(0, 12);
    }

    @Test
    void framesAreSymbolicatedWithTheAccountsFileAndTheOtherImageIsReportedMissing() {
        String account = account();
        upload(account, BreakpadSymbolsTest.SAMPLE.getBytes(StandardCharsets.UTF_8));

        NativeSymbolication result = symbolicator.symbolicate(new AccountId(account), IMAGES, FRAMES);

        assertThat(result.missingDebugIds()).containsExactly(LIBC_ID);
        assertThat(result.frames())
                .extracting(SymbolicatedFrame::status)
                .containsExactly(FrameStatus.MISSING, FrameStatus.SYMBOLICATED, FrameStatus.SYMBOLICATED);
        assertThat(result.frames().get(1).frames()).containsExactly(new SourceFrame("main", "src/main.c", 12, false));
        assertThat(result.frames().get(2).frames())
                .extracting(SourceFrame::function)
                .containsExactly("render_frame", "draw_sprite", "vec_add(float, float)");
    }

    @Test
    void anotherAccountsSymbolFilesAreNeverUsed() {
        String owner = account();
        upload(owner, BreakpadSymbolsTest.SAMPLE.getBytes(StandardCharsets.UTF_8));

        NativeSymbolication result = symbolicator.symbolicate(new AccountId(account()), IMAGES, FRAMES);

        assertThat(result.missingDebugIds()).containsExactly(LIBC_ID, GAME_ID);
        assertThat(result.frames()).allSatisfy(f -> assertThat(f.frames()).isEmpty());
    }

    @Test
    void deletingTheFileMakesItsDebugIdMissingAgain() {
        String account = account();
        String id = (String) upload(account, BreakpadSymbolsTest.SAMPLE.getBytes(StandardCharsets.UTF_8))
                .get("id");
        assertThat(symbolicator
                        .symbolicate(new AccountId(account), IMAGES, FRAMES)
                        .missingDebugIds())
                .containsExactly(LIBC_ID);

        client.toBlocking()
                .exchange(HttpRequest.DELETE("/api/v1/dsyms/" + id)
                        .bearerAuth(PLUGIN_SECRET)
                        .header("X-App-Name", account));

        assertThat(symbolicator
                        .symbolicate(new AccountId(account), IMAGES, FRAMES)
                        .missingDebugIds())
                .containsExactly(LIBC_ID, GAME_ID);
    }

    @Test
    void uploadAndDeleteAnnounceTheDebugIdsTheyChanged() {
        String account = account();
        String id = (String) upload(account, BreakpadSymbolsTest.SAMPLE.getBytes(StandardCharsets.UTF_8))
                .get("id");
        client.toBlocking()
                .exchange(HttpRequest.DELETE("/api/v1/dsyms/" + id)
                        .bearerAuth(PLUGIN_SECRET)
                        .header("X-App-Name", account));

        assertThat(recorder.events.stream().filter(e -> e.account().value().equals(account)))
                .extracting(e -> e.fileId().toString() + " " + e.debugIds() + " " + e.deleted())
                .containsExactly(id + " [" + GAME_ID + "] false", id + " [" + GAME_ID + "] true");
    }

    @Test
    void dsymUploadSymbolicatesMachOFramesByTextSegmentOffset() {
        String account = account();
        UUID uuid = UUID.randomUUID();
        upload(
                account,
                MachOBuilder.dsymZip(
                        MachOBuilder.arm64(uuid).withSampleSymbols().build()));
        long base = 0x1_0420_0000L;
        List<DebugImage> images = List.of(new DebugImage(
                "macho", base, 0x4000, uuid.toString(), null, "MyApp", null, MachOBuilder.TEXT_VMADDR, "arm64"));

        NativeSymbolication result = symbolicator.symbolicate(
                new AccountId(account), images, List.of(new NativeFrame(base + 0x1084, null, true)));

        assertThat(result.frames().get(0).frames()).containsExactly(new SourceFrame("helper", null, 0, false));
        assertThat(result.frames().get(0).relativeAddr()).isEqualTo(MachOBuilder.TEXT_VMADDR + 0x1084);
    }

    @Test
    void elfUploadSymbolicatesByItsBuildIdDebugId() {
        String account = account();
        byte[] elf = new ElfBuilder(UUID.randomUUID().toString().getBytes(StandardCharsets.US_ASCII))
                .symbol("crash_here", 1, 2, 1, 0x1000, 0x40)
                .build();
        String debugId = ElfFile.parse(elf).debugId().value();
        upload(account, elf);
        long base = 0x7f00_0000_0000L;

        NativeSymbolication result = symbolicator.symbolicate(
                new AccountId(account),
                List.of(new DebugImage("elf", base, 0x2000, debugId, null, "libx.so", null, 0, "x86_64")),
                List.of(new NativeFrame(base + 0x1010, null, false)));

        assertThat(result.frames().get(0).frames()).containsExactly(new SourceFrame("crash_here", null, 0, false));
    }

    @Test
    void javaFramesAreDeobfuscatedWithTheMappingNamedByTheProguardImage() {
        String account = account();
        byte[] mapping = ProguardMappingTest.MAPPING.getBytes(StandardCharsets.UTF_8);
        upload(account, mapping);
        String missing = UUID.randomUUID().toString();

        JavaDeobfuscation result = symbolicator.deobfuscate(
                new AccountId(account),
                List.of(ProguardMapping.uuidOf(mapping).value(), missing),
                List.of(new JavaFrameRef("a.a", "a", 4), new JavaFrameRef("java.lang.Thread", "run", 12)));

        assertThat(result.missingUuids()).containsExactly(missing);
        assertThat(result.frames().get(0).frames())
                .extracting(ProguardMapping.JavaFrame::method)
                .containsExactly("onClick", "helper", "check");
        assertThat(result.frames().get(1).mapped()).isFalse();
    }
}
