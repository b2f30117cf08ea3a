package org.nself.crash.symbolication;

import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.json.JsonMapper;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.nself.crash.Api;
import org.nself.shared.testing.FunctionContract;
import org.nself.shared.testing.Jwts;
import org.nself.shared.testing.PostgresTest;

/**
 * The real sentry-cli (npm {@code @sentry/cli@3.8.0}) against this service on its real port, configured as
 * the README says (SENTRY_URL, SENTRY_AUTH_TOKEN, SENTRY_ORG, SENTRY_PROJECT; the operator token picks the
 * account with {@code --header X-App-Name:…}). Chunks are made small here (64 KiB, 128 KiB a request) so a
 * file of a few hundred KiB takes several chunk requests, as a 64 MiB one does under the default limits.
 */
@Tag("peer")
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SentryCliPeerTest implements PostgresTest {
    private static final int CHUNK = 64 * 1024;
    private static final long BASE = 0x5555_0000_0000L;

    @Inject
    EmbeddedServer server;

    @Inject
    JsonMapper json;

    @TempDir
    Path dir;

    private final SentryCli cli = SentryCli.find();
    private Api api;

    @Override
    public Map<String, String> extraProperties() {
        return Map.of(
                "nself.crash.chunk-upload.chunk-size", String.valueOf(CHUNK),
                "nself.crash.chunk-upload.max-request-size", String.valueOf(2 * CHUNK),
                "nself.crash.chunk-upload.concurrency", "2");
    }

    @BeforeEach
    void freshAccount() {
        api = new Api(server.getURI());
    }

    private Map<String, String> env() {
        return Map.of(
                "SENTRY_URL",
                server.getURI() + "/",
                "SENTRY_AUTH_TOKEN",
                PLUGIN_SECRET,
                "SENTRY_ORG",
                "acme",
                "SENTRY_PROJECT",
                "game");
    }

    private SentryCli.Run sentryCli(String... args) throws Exception {
        String[] all = new String[args.length + 2];
        all[0] = "--header";
        all[1] = "X-App-Name:" + api.account;
        System.arraycopy(args, 0, all, 2, args.length);
        return cli.run(dir, env(), all);
    }

    @Test
    void debugFilesUploadStoresABreakpadFileThatSymbolicatesACrash() throws Exception {
        Path sym = dir.resolve("libgame.sym");
        Files.writeString(sym, BreakpadSymbolsTest.SAMPLE);

        SentryCli.Run run = sentryCli("debug-files", "upload", "--wait", sym.toString());

        assertThat(run.exitCode()).as(run.output()).isZero();
        assertThat(run.output()).contains("OK").contains("dfb8e43a-f242-3d73-a453-aeb6a777ef75");
        assertThat(listed("dfb8e43a-f242-3d73-a453-aeb6a777ef75"))
                .singleElement()
                .satisfies(f -> assertThat(f.get("format")).isEqualTo("breakpad"));
        assertThat(crashFunctions("dfb8e43a-f242-3d73-a453-aeb6a777ef75", BASE + 0x1015, BASE + 0x2040))
                .containsExactly("main", "render_frame");
    }

    @Test
    void debugFilesUploadStoresAGccBuiltElfThatSymbolicatesACrash() throws Exception {
        Path program = gcc("prog", "", null);
        ElfFile elf = ElfFile.parse(Files.readAllBytes(program));
        long crashSite = functionOffset(elf, "crash_here") + 4;
        long caller = functionOffset(elf, "main") + 8;

        SentryCli.Run run = sentryCli("debug-files", "upload", "--wait", program.toString());

        assertThat(run.exitCode()).as(run.output()).isZero();
        assertThat(run.output()).contains("OK").contains(elf.debugId().value());
        assertThat(listed(elf.debugId().value())).singleElement().satisfies(f -> assertThat(f.get("format"))
                .isEqualTo("elf"));
        assertThat(crashFunctions(elf.debugId().value(), BASE + caller, BASE + crashSite))
                .containsExactly("main", "crash_here");
    }

    @Test
    void aFileLargerThanOneRequestArrivesInChunksAndOnlyItsChangedChunksAreSentAgain() throws Exception {
        byte[] blob = new byte[10 * CHUNK];
        new Random(13).nextBytes(blob); // random: gzip cannot shrink it under the request limit
        Files.write(dir.resolve("blob.bin"), blob);
        // the same source, name and path twice, with two build ids: the files differ in their build-id note only
        Path first = movedTo("v1", gcc("big", blobAsm(), "0x" + "a1".repeat(20)));
        Path second = movedTo("v2", gcc("big", blobAsm(), "0x" + "b2".repeat(20)));
        assertThat(Files.size(first)).isGreaterThan(10L * CHUNK);

        SentryCli.Run one = sentryCli("--log-level=debug", "debug-files", "upload", "--wait", first.toString());

        assertThat(one.exitCode()).as(one.output()).isZero();
        int chunks = (int) ((Files.size(first) + CHUNK - 1) / CHUNK);
        assertThat(missingChunksAskedFirst(one.output())).isEqualTo(chunks);
        assertThat(chunkRequests(one.output())).isGreaterThanOrEqualTo(chunks / 2);

        // the same program with another build id differs in one chunk only: sentry-cli is asked for that one
        SentryCli.Run two = sentryCli("--log-level=debug", "debug-files", "upload", "--wait", second.toString());

        assertThat(two.exitCode()).as(two.output()).isZero();
        assertThat(missingChunksAskedFirst(two.output())).isEqualTo(1);
        assertThat(chunkRequests(two.output())).isEqualTo(1);
        ElfFile big = ElfFile.parse(Files.readAllBytes(second));
        assertThat(listed(big.debugId().value())).singleElement().satisfies(f -> assertThat(
                        ((Number) f.get("size_bytes")).longValue())
                .isEqualTo(Files.size(second)));
        assertThat(listed(null)).hasSize(2);

        // and once stored, a file is not sent again
        SentryCli.Run again = sentryCli("debug-files", "upload", "--wait", second.toString());
        assertThat(again.exitCode()).as(again.output()).isZero();
        assertThat(again.output()).contains("Nothing to upload, all files are on the server");
    }

    @Test
    void uploadProguardStoresTheMappingUnderTheUuidSentryCliComputed() throws Exception {
        Path mapping = dir.resolve("mapping.txt");
        Files.writeString(
                mapping,
                String.join(
                        "\n",
                        "com.example.app.MainActivity -> a.a:",
                        "    4:4:void onClick(android.view.View):40:40 -> a",
                        "com.example.app.Util -> a.b:",
                        "    1:1:void check(boolean):55:55 -> a",
                        ""));
        Path properties = dir.resolve("sentry-debug-meta.properties");

        SentryCli.Run run =
                sentryCli("upload-proguard", "--write-properties", properties.toString(), mapping.toString());

        assertThat(run.exitCode()).as(run.output()).isZero();
        String uuid =
                Files.readString(properties).replaceAll("(?s).*io\\.sentry\\.ProguardUuids=([0-9a-f-]{36}).*", "$1");
        assertThat(listed(uuid)).singleElement().satisfies(f -> assertThat(f.get("format"))
                .isEqualTo("proguard"));
        String event =
                """
                {"event_id":"%s","platform":"java","level":"error",
                 "exception":{"values":[{"type":"java.lang.IllegalStateException","value":"boom",
                   "mechanism":{"type":"UncaughtExceptionHandler","handled":false},
                   "stacktrace":{"frames":[{"module":"a.a","function":"a","lineno":4,"in_app":true}]}}]},
                 "debug_meta":{"images":[{"type":"proguard","uuid":"%s"}]}}"""
                        .formatted(UUID.randomUUID().toString().replace("-", ""), uuid);
        assertThat(frames(ingest(event)))
                .extracting(f -> f.get("module") + "." + f.get("function"))
                .containsExactly("com.example.app.MainActivity.onClick");
    }

    @Test
    void sendEventLandsAsAReportThroughTheProjectsDsn() throws Exception {
        var created = api.post("/api/v1/projects", "{\"name\":\"cli-app\"}");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        String dsn = (String) Api.json(json, created.body()).get("dsn");

        SentryCli.Run run = cli.run(
                dir,
                Map.of("SENTRY_DSN", dsn),
                "send-event",
                "-m",
                "deploy smoke test from sentry-cli",
                "--release",
                "cli-app@1.2.3",
                "--no-environ");

        assertThat(run.exitCode()).as(run.output()).isZero();
        List<Map<String, Object>> groups =
                Api.data(json, api.get("/api/v1/crashes").body());
        assertThat(groups).singleElement().satisfies(g -> assertThat(String.valueOf(g.get("title")))
                .contains("deploy smoke test from sentry-cli"));
        String reports = api.get("/api/v1/crashes/" + groups.get(0).get("id") + "/reports")
                .body();
        assertThat(reports).contains("\"release\":\"cli-app@1.2.3\"");
    }

    @Test
    void aTenantsJwtUploadsIntoItsOwnAccountOnly() throws Exception {
        Path sym = dir.resolve("libgame.sym");
        Files.writeString(sym, BreakpadSymbolsTest.SAMPLE);
        String jwt = Jwts.hs256(
                FunctionContract.TEST_JWT_KEY,
                Jwts.claims(api.account, Instant.now().plusSeconds(600)));
        Api other = new Api(server.getURI());

        SentryCli.Run run = cli.run(
                dir,
                Map.of(
                        "SENTRY_URL",
                        server.getURI() + "/",
                        "SENTRY_AUTH_TOKEN",
                        jwt,
                        "SENTRY_ORG",
                        "acme",
                        "SENTRY_PROJECT",
                        "game"),
                "debug-files",
                "upload",
                "--wait",
                sym.toString());

        assertThat(run.exitCode()).as(run.output()).isZero();
        assertThat(listed("dfb8e43a-f242-3d73-a453-aeb6a777ef75")).hasSize(1);
        assertThat(Api.data(json, other.get("/api/v1/dsyms").body())).isEmpty();
    }

    @Test
    void aWrongTokenIsRefusedAndNothingIsStored() throws Exception {
        Path sym = dir.resolve("libgame.sym");
        Files.writeString(sym, BreakpadSymbolsTest.SAMPLE);

        SentryCli.Run run = cli.run(
                dir,
                Map.of(
                        "SENTRY_URL", server.getURI() + "/",
                        "SENTRY_AUTH_TOKEN", "not-the-secret",
                        "SENTRY_ORG", "acme",
                        "SENTRY_PROJECT", "game"),
                "--header",
                "X-App-Name:" + api.account,
                "debug-files",
                "upload",
                sym.toString());

        assertThat(run.exitCode()).as(run.output()).isNotZero();
        assertThat(run.output()).contains("401");
        assertThat(listed(null)).isEmpty();
    }

    // --- helpers

    private static String blobAsm() {
        return "__asm__(\".section .rodata\\n.global blob\\nblob:\\n.incbin \\\"blob.bin\\\"\\n.previous\");\n";
    }

    /** A program whose main calls crash_here; {@code extra} is more source, {@code buildId} a fixed build id. */
    private Path gcc(String name, String extra, String buildId) throws Exception {
        Path source = dir.resolve(name + ".c");
        Files.writeString(
                source,
                extra
                        + "int __attribute__((noinline)) crash_here(volatile int *p) { return *p + 1; }\n"
                        + "int main(int argc, char **argv) { return crash_here(argc > 5 ? &argc : 0); }\n");
        Path out = dir.resolve(name);
        Process gcc = new ProcessBuilder(
                        "gcc",
                        "-g",
                        "-O1",
                        buildId == null ? "-Wl,--build-id=sha1" : "-Wl,--build-id=" + buildId,
                        "-o",
                        out.toString(),
                        source.toString())
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .start();
        String output = new String(gcc.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(gcc.waitFor(2, TimeUnit.MINUTES)).isTrue();
        assertThat(gcc.exitValue()).as(output).isZero();
        return out;
    }

    private Path movedTo(String folder, Path file) throws Exception {
        Path target = dir.resolve(folder).resolve(file.getFileName());
        Files.createDirectories(target.getParent());
        return Files.move(file, target);
    }

    private static long functionOffset(ElfFile elf, String function) {
        int index = elf.symbols().names().indexOf(function);
        assertThat(index).as(function).isNotNegative();
        return elf.symbols().address(index) - elf.loadAddress();
    }

    /** The first assemble answer's missing chunks, as sentry-cli logged it. */
    private static int missingChunksAskedFirst(String debugLog) {
        Matcher m = Pattern.compile("\"missingChunks\":\\[([^\\]]*)\\]").matcher(debugLog);
        assertThat(m.find()).as(debugLog).isTrue();
        return m.group(1).isBlank() ? 0 : m.group(1).split(",").length;
    }

    private static int chunkRequests(String debugLog) {
        Matcher m = Pattern.compile("> POST /api/0/organizations/acme/chunk-upload/")
                .matcher(debugLog);
        int n = 0;
        while (m.find()) {
            n++;
        }
        return n;
    }

    private List<Map<String, Object>> listed(String debugId) {
        var response = api.get("/api/v1/dsyms" + (debugId == null ? "" : "?debug_id=" + debugId));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return Api.data(json, response.body());
    }

    /** Ingests a native crash with frames at {@code addresses} (oldest first) in the image; their functions. */
    private List<String> crashFunctions(String debugId, long... addresses) {
        StringBuilder frames = new StringBuilder();
        for (long address : addresses) {
            frames.append(frames.isEmpty() ? "" : ",")
                    .append("{\"instruction_addr\":\"0x%x\",\"package\":\"/opt/game/libgame.so\",\"in_app\":true}"
                            .formatted(address));
        }
        String event =
                """
                {"event_id":"%s","timestamp":"%s","platform":"native","level":"fatal",
                 "exception":{"values":[{"type":"SIGSEGV","value":"Segfault","mechanism":{"type":"signalhandler","handled":false},
                   "stacktrace":{"frames":[%s]}}]},
                 "debug_meta":{"images":[{"type":"elf","image_addr":"0x%x","image_size":16777216,"debug_id":"%s",
                   "code_file":"/opt/game/libgame.so"}]}}"""
                        .formatted(UUID.randomUUID().toString().replace("-", ""), Instant.now(), frames, BASE, debugId);
        return frames(ingest(event)).stream()
                .map(f -> String.valueOf(f.get("function")))
                .toList();
    }

    private Map<String, Object> ingest(String event) {
        var response = api.post("/api/v1/ingest/crash", event);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        String group = String.valueOf(Api.json(json, response.body()).get("group_id"));
        var detail = api.get("/api/v1/crashes/" + group);
        assertThat(detail.statusCode()).as(detail.body()).isEqualTo(200);
        @SuppressWarnings("unchecked")
        Map<String, Object> report =
                (Map<String, Object>) Api.json(json, detail.body()).get("latest_report");
        return report;
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> frames(Map<String, Object> report) {
        return (List<Map<String, Object>>) report.get("frames");
    }
}
