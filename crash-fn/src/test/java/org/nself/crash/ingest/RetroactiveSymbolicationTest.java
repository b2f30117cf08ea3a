package org.nself.crash.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.context.ApplicationContext;
import io.micronaut.json.JsonMapper;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.nself.crash.Api;
import org.nself.crash.symbolication.ProguardMapping;
import org.nself.shared.jobs.ScheduledJob;
import org.nself.shared.jobs.ScheduledJobs;
import org.nself.shared.lambda.ScheduledJobHandler;
import org.nself.shared.testing.PostgresTest;

/**
 * Native crashes symbolicated at ingest, and again (re-grouped, counts moving) when their symbols are
 * uploaded later: through the HTTP API, the real database and the scheduled job.
 */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RetroactiveSymbolicationTest implements PostgresTest {
    /** The module of {@code BreakpadSymbolsTest.SAMPLE}: main at 0x1000, render_frame at 0x2000. */
    private static final String GAME_SYM = String.join(
            "\n",
            "MODULE Linux x86_64 DFB8E43AF2423D73A453AEB6A777EF750 libgame.so",
            "INFO CODE_ID 3AE4B8DF42F2733DA453AEB6A777EF75 libgame.so",
            "FILE 0 src/main.c",
            "FILE 1 src/render.h",
            "INLINE_ORIGIN 0 draw_sprite",
            "FUNC 1000 40 0 main",
            "1000 10 10 0",
            "1010 20 12 0",
            "1030 10 14 0",
            "FUNC 2000 60 0 render_frame",
            "INLINE 0 22 0 0 2010 30",
            "2000 10 20 0",
            "2010 30 5 1",
            "2040 20 24 0",
            "");

    /** An R8 mapping: {@code a.a.a} line 4 is onClick, which inlined helper, which inlined Util.check. */
    private static final String MAPPING = String.join(
            "\n",
            "# compiler: R8",
            "com.example.app.MainActivity -> a.a:",
            "# {\"id\":\"sourceFile\",\"fileName\":\"MainActivity.kt\"}",
            "    4:4:void com.example.app.Util.check(boolean):55:55 -> a",
            "    4:4:void helper():31 -> a",
            "    4:4:void onClick(android.view.View):40 -> a",
            "");

    private static final String GAME_ID = "dfb8e43a-f242-3d73-a453-aeb6a777ef75";
    private static final String LIBC_ID = "11111111-2222-3333-4444-555555555555";
    private static final long GAME_BASE = 0x5555_0000_0000L;
    private static final long LIBC_BASE = 0x7f10_0000_0000L;

    @Inject
    EmbeddedServer server;

    @Inject
    ApplicationContext context;

    @Inject
    JsonMapper json;

    @Inject
    ScheduledJobs jobs;

    private final ExecutorService pool = Executors.newFixedThreadPool(2);
    Api api;

    /** The job runs only when a test runs it. */
    @Override
    public Map<String, String> extraProperties() {
        return Map.of("nself.jobs.enabled", "false");
    }

    @BeforeEach
    void freshAccount() {
        api = new Api(server.getURI());
    }

    @AfterAll
    void stopPool() {
        pool.shutdownNow();
    }

    /**
     * A crash in render_frame (at {@code crashOffset} into libgame.so) called from main, called from a
     * libc frame; the SDK knew the functions' start addresses but not their names.
     */
    private static String crash(String user, long crashOffset, boolean withLibc) {
        String libcImage = withLibc
                ? """
                  ,{"type":"elf","image_addr":"0x%x","image_size":65536,"debug_id":"%s","code_file":"/lib/libc.so.6"}"""
                        .formatted(LIBC_BASE, LIBC_ID)
                : "";
        String libcFrame = withLibc
                ? """
                  {"instruction_addr":"0x%x","package":"/lib/libc.so.6","in_app":false},"""
                        .formatted(LIBC_BASE + 0x100)
                : "";
        return """
                {"event_id":"%s","timestamp":"%s","platform":"native","level":"fatal","release":"game@1.0.0",
                 "user":{"id":"%s"},
                 "exception":{"values":[{"type":"SIGSEGV","value":"Segfault","mechanism":{"type":"signalhandler","handled":false},
                   "stacktrace":{"frames":[%s
                     {"instruction_addr":"0x%x","symbol_addr":"0x%x","package":"/opt/game/libgame.so","in_app":true},
                     {"instruction_addr":"0x%x","symbol_addr":"0x%x","package":"/opt/game/libgame.so","in_app":true}]}}]},
                 "debug_meta":{"images":[
                   {"type":"elf","image_addr":"0x%x","image_size":32768,"debug_id":"%s","code_file":"/opt/game/libgame.so"}%s]}}"""
                .formatted(
                        UUID.randomUUID(),
                        Instant.now(),
                        user,
                        libcFrame,
                        GAME_BASE + 0x1015,
                        GAME_BASE + 0x1000,
                        GAME_BASE + crashOffset,
                        GAME_BASE + 0x2000,
                        GAME_BASE,
                        GAME_ID,
                        libcImage);
    }

    private String ingest(Api as, String event) {
        HttpResponse<String> response = as.post("/api/v1/ingest/crash", event);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return String.valueOf(Api.json(json, response.body()).get("group_id"));
    }

    private void upload(Api as, String sym) {
        HttpResponse<String> response = as.send(as.request("/api/v1/dsyms")
                .header("Content-Type", "application/octet-stream")
                .POST(HttpRequest.BodyPublishers.ofByteArray(sym.getBytes(StandardCharsets.UTF_8)))
                .build());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
    }

    private Map<String, Object> group(Api as, String id) {
        HttpResponse<String> response = as.get("/api/v1/crashes/" + id);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return Api.json(json, response.body());
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> groupOf(Map<String, Object> detail) {
        return (Map<String, Object>) detail.get("group");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> latestReport(Map<String, Object> detail) {
        return (Map<String, Object>) detail.get("latest_report");
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> frames(Map<String, Object> report) {
        return (List<Map<String, Object>>) report.get("frames");
    }

    private List<Map<String, Object>> listedGroups(Api as) {
        return Api.data(json, as.get("/api/v1/crashes").body());
    }

    private ScheduledJob job() {
        return jobs.find("crash-resymbolication").orElseThrow();
    }

    @Test
    void aCrashWithoutItsSymbolsIsStoredWithTheMissingDebugIdsAndGroupedByAddress() {
        String groupId = ingest(api, crash("u1", 0x2004, true));

        Map<String, Object> detail = group(api, groupId);

        assertThat(latestReport(detail))
                .containsEntry("symbolication", "missing")
                .containsEntry("missing_debug_ids", List.of(LIBC_ID, GAME_ID));
        assertThat(frames(latestReport(detail)))
                .extracting(f -> f.get("function"))
                .containsOnlyNulls();
        assertThat(groupOf(detail)).containsEntry("grouped_by", "stacktrace");
    }

    @Test
    @SuppressWarnings("unchecked")
    void twoAddressesInOneFunctionAreTwoGroupsUntilTheSymbolsArriveThenOneGroupWithTheCounts() {
        String first = ingest(api, crash("u1", 0x2004, true));
        String second = ingest(api, crash("u2", 0x2044, true));
        assertThat(first).isNotEqualTo(second);

        upload(api, GAME_SYM);
        Map<String, Object> ran = new ScheduledJobHandler(context).execute(Map.of("job", "crash-resymbolication"));

        assertThat(ran).containsKey("ran");
        List<Map<String, Object>> groups = listedGroups(api);
        assertThat(groups).hasSize(1);
        Map<String, Object> merged = groups.get(0);
        assertThat(String.valueOf(merged.get("id"))).isNotIn(first, second);
        assertThat(merged)
                .containsEntry("count", 2)
                .containsEntry("crash_count", 2)
                .containsEntry("user_count", 2);
        Map<String, Object> detail = group(api, String.valueOf(merged.get("id")));
        assertThat(latestReport(detail))
                .containsEntry("symbolication", "missing")
                .containsEntry("missing_debug_ids", List.of(LIBC_ID));
        assertThat(frames(latestReport(detail)))
                .extracting(f -> f.get("function"), f -> f.get("filename"), f -> f.get("lineno"))
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(null, null, null),
                        org.assertj.core.groups.Tuple.tuple("main", "src/main.c", 12),
                        org.assertj.core.groups.Tuple.tuple("render_frame", "src/main.c", 24));
        assertThat(detail.get("releases")).asList().singleElement().satisfies(r -> assertThat((Map<String, Object>) r)
                .containsEntry("release", "game@1.0.0")
                .containsEntry("count", 2));
        for (String old : List.of(first, second)) {
            Map<String, Object> emptied = groupOf(group(api, old));
            assertThat(emptied)
                    .containsEntry("count", 0)
                    .containsEntry("crash_count", 0)
                    .containsEntry("user_count", 0);
            Map<String, Object> oldDetail = group(api, old);
            assertThat(oldDetail.get("latest_report")).isNull();
            assertThat((List<?>) oldDetail.getOrDefault("releases", List.of())).isEmpty();
        }
    }

    @Test
    void aCrashIngestedAfterItsSymbolsIsSymbolicatedAtOnceWithInlinedFramesExpanded() {
        upload(api, GAME_SYM);

        String groupId = ingest(api, crash("u1", 0x2014, false));

        Map<String, Object> report = latestReport(group(api, groupId));
        assertThat(report).containsEntry("symbolication", "complete").containsEntry("missing_debug_ids", List.of());
        assertThat(frames(report))
                .extracting(f -> f.get("function"))
                .containsExactly("main", "render_frame", "draw_sprite");
    }

    @Test
    void aFrameAddressedRelativeToItsImageIsSymbolicatedAtIngest() {
        upload(api, GAME_SYM);
        String event =
                """
                {"event_id":"%s","platform":"native","level":"fatal",
                 "exception":{"values":[{"type":"SIGABRT","mechanism":{"type":"signalhandler","handled":false},
                   "stacktrace":{"frames":[{"instruction_addr":"0x1015","addr_mode":"rel:0","in_app":true},
                                           {"instruction_addr":"0x2044","addr_mode":"rel:0","in_app":true}]}}]},
                 "debug_meta":{"images":[{"type":"elf","image_addr":"0x%x","image_size":32768,"debug_id":"%s",
                   "code_file":"/opt/game/libgame.so"}]}}"""
                        .formatted(UUID.randomUUID(), GAME_BASE, GAME_ID);

        Map<String, Object> report = latestReport(group(api, ingest(api, event)));

        assertThat(report).containsEntry("symbolication", "complete");
        assertThat(frames(report))
                .extracting(f -> f.get("function"), f -> f.get("lineno"))
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("main", 12),
                        org.assertj.core.groups.Tuple.tuple("render_frame", 24));
    }

    @Test
    void anotherAccountsSymbolsNeverSymbolicateAReport() {
        String groupId = ingest(api, crash("u1", 0x2004, false));
        Api other = new Api(server.getURI());

        upload(other, GAME_SYM);
        job().run(Instant.now());

        Map<String, Object> detail = group(api, groupId);
        assertThat(latestReport(detail))
                .containsEntry("symbolication", "missing")
                .containsEntry("missing_debug_ids", List.of(GAME_ID));
        assertThat(groupOf(detail)).containsEntry("count", 1);
        assertThat(listedGroups(api))
                .extracting(g -> String.valueOf(g.get("id")))
                .containsExactly(groupId);
    }

    @Test
    void anObfuscatedJavaCrashIsDeobfuscatedWhenItsMappingArrives() {
        byte[] mapping = MAPPING.getBytes(StandardCharsets.UTF_8);
        String uuid = ProguardMapping.uuidOf(mapping).value();
        String event =
                """
                {"event_id":"%s","platform":"java","level":"error","release":"app@2",
                 "exception":{"values":[{"type":"java.lang.IllegalStateException","value":"boom","module":"java.lang",
                   "mechanism":{"type":"UncaughtExceptionHandler","handled":false},
                   "stacktrace":{"frames":[{"module":"java.lang.Thread","function":"run","lineno":12,"in_app":false},
                                           {"module":"a.a","function":"a","lineno":4,"in_app":true}]}}]},
                 "debug_meta":{"images":[{"type":"proguard","uuid":"%s"}]}}"""
                        .formatted(UUID.randomUUID(), uuid);
        String obfuscated = ingest(api, event);
        assertThat(latestReport(group(api, obfuscated)))
                .containsEntry("symbolication", "missing")
                .containsEntry("missing_debug_ids", List.of(uuid));

        upload(api, new String(mapping, StandardCharsets.UTF_8));
        job().run(Instant.now());

        Map<String, Object> group = listedGroups(api).get(0);
        assertThat(String.valueOf(group.get("id"))).isNotEqualTo(obfuscated);
        Map<String, Object> report = latestReport(group(api, String.valueOf(group.get("id"))));
        assertThat(report).containsEntry("symbolication", "complete");
        assertThat(frames(report))
                .extracting(f -> f.get("module"), f -> f.get("function"))
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("java.lang.Thread", "run"),
                        org.assertj.core.groups.Tuple.tuple("com.example.app.MainActivity", "onClick"),
                        org.assertj.core.groups.Tuple.tuple("com.example.app.MainActivity", "helper"),
                        org.assertj.core.groups.Tuple.tuple("com.example.app.Util", "check"));
    }

    @Test
    void twoRunsAtOnceSymbolicateEachReportOnce() throws Exception {
        int reports = 6;
        List<String> before = new ArrayList<>();
        for (int i = 0; i < reports; i++) {
            before.add(ingest(api, crash("u" + i, 0x2040 + 2L * i, false)));
        }
        assertThat(before).doesNotHaveDuplicates();
        upload(api, GAME_SYM);

        CountDownLatch start = new CountDownLatch(1);
        Callable<Integer> run = () -> {
            start.await();
            return job().run(Instant.now());
        };
        Future<Integer> a = pool.submit(run);
        Future<Integer> b = pool.submit(run);
        start.countDown();

        assertThat(a.get() + b.get()).isEqualTo(reports);
        assertThat(listedGroups(api))
                .singleElement()
                .satisfies(g -> assertThat(g).containsEntry("count", reports).containsEntry("user_count", reports));
        assertThat(job().run(Instant.now())).isZero();
    }
}
