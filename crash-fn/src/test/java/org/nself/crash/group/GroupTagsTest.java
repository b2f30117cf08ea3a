package org.nself.crash.group;

import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.json.JsonMapper;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.nself.crash.Api;
import org.nself.shared.jobs.ScheduledJobs;
import org.nself.shared.testing.PostgresTest;

/**
 * A group's tag breakdown (Sentry's tags panel), one tag's values, and the group list filtered by tags:
 * through the HTTP API and the real database, with the counts following reports that are re-grouped or
 * merged, and another account seeing none of it.
 */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GroupTagsTest implements PostgresTest {
    /** A module whose render_frame spans 0x2000..0x2060: two crash addresses in it are one group once it is known. */
    private static final String GAME_SYM = String.join(
            "\n",
            "MODULE Linux x86_64 DFB8E43AF2423D73A453AEB6A777EF750 libgame.so",
            "FILE 0 src/main.c",
            "FUNC 2000 60 0 render_frame",
            "2000 60 24 0",
            "");

    private static final String GAME_ID = "dfb8e43a-f242-3d73-a453-aeb6a777ef75";
    private static final long GAME_BASE = 0x5555_0000_0000L;

    @Inject
    EmbeddedServer server;

    @Inject
    JsonMapper json;

    @Inject
    ScheduledJobs jobs;

    Api api;

    /** The re-symbolication job runs only when a test runs it. */
    @Override
    public Map<String, String> extraProperties() {
        return Map.of("nself.jobs.enabled", "false");
    }

    @BeforeEach
    void freshAccount() {
        api = new Api(server.getURI());
    }

    /** A crash in {@code function} with these contexts and tags (JSON texts); answers its group id. */
    private long report(Api as, String function, String contexts, String tags) {
        return report(as, UUID.randomUUID(), function, contexts, tags);
    }

    private long report(Api as, UUID eventId, String function, String contexts, String tags) {
        String body =
                """
                {"event_id":"%s","platform":"java","level":"fatal","release":"app@1","environment":"prod",
                 "contexts":%s,"tags":%s,
                 "exception":{"values":[{"type":"Crash","value":"in %s","mechanism":{"type":"generic","handled":false},
                 "stacktrace":{"frames":[{"function":"%s","module":"com.example.App","in_app":true}]}}]}}"""
                        .formatted(eventId, contexts, tags, function, function);
        HttpResponse<String> response = as.post("/api/v1/ingest/crash", body);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return Long.parseLong((String) Api.json(json, response.body()).get("group_id"));
    }

    private static String android(String version, String model) {
        return """
                {"os":{"name":"Android","version":"%s"},"device":{"model":"%s"},"app":{"app_version":"3.2.0"}}"""
                .formatted(version, model);
    }

    private List<Map<String, Object>> breakdown(Api as, long group) {
        HttpResponse<String> response = as.get("/api/v1/crashes/" + group + "/tags");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return Api.data(json, response.body());
    }

    /** The breakdown as key → value → count. */
    @SuppressWarnings("unchecked")
    private Map<String, Map<String, Integer>> counts(Api as, long group) {
        return breakdown(as, group).stream().collect(Collectors.toMap(k -> (String) k.get("key"), k -> ((List<
                                Map<String, Object>>)
                        k.get("top_values"))
                .stream().collect(Collectors.toMap(v -> (String) v.get("value"), v -> (Integer) v.get("count")))));
    }

    private List<Long> listed(Api as, String query) {
        HttpResponse<String> response = as.get("/api/v1/crashes?" + query);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return Api.data(json, response.body()).stream()
                .map(g -> ((Number) g.get("id")).longValue())
                .toList();
    }

    private static String tag(String filter) {
        return "tag=" + URLEncoder.encode(filter, StandardCharsets.UTF_8);
    }

    @Test
    @SuppressWarnings("unchecked")
    void aGroupAnswersItsTagsPerKeyInKeyOrderWithTotalsAndTheTopValues() {
        long group = report(api, "tick", android("14", "Pixel 8"), "{\"screen\":\"checkout\"}");
        report(api, "tick", android("14", "Pixel 7"), "[[\"screen\",\"checkout\"]]");
        report(api, "tick", android("13", "Pixel 8"), "{\"screen\":\"cart\"}");

        List<Map<String, Object>> keys = breakdown(api, group);

        assertThat(keys)
                .extracting(k -> k.get("key"))
                .containsExactly(
                        "app.version",
                        "device.model",
                        "environment",
                        "level",
                        "os.name",
                        "os.version",
                        "release",
                        "screen");
        Map<String, Object> os = keys.get(5);
        assertThat(os).containsEntry("total_values", 3).containsEntry("unique_values", 2);
        List<Map<String, Object>> top = (List<Map<String, Object>>) os.get("top_values");
        assertThat(top)
                .extracting(v -> v.get("value"), v -> v.get("count"))
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("14", 2), org.assertj.core.groups.Tuple.tuple("13", 1));
        assertThat(top.get(0)).containsKeys("first_seen", "last_seen");
        assertThat(counts(api, group).get("screen")).isEqualTo(Map.of("checkout", 2, "cart", 1));
    }

    @Test
    void theBreakdownShowsTenValuesAKeyAndItsValuesArePagedMostFrequentFirst() {
        long group = 0;
        for (int i = 0; i < 12; i++) {
            for (int repeat = 0; repeat <= (i == 3 ? 2 : 0); repeat++) {
                group = report(api, "many", "{}", "{\"shard\":\"s%02d\"}".formatted(i));
            }
        }

        Map<String, Object> shard = breakdown(api, group).stream()
                .filter(k -> k.get("key").equals("shard"))
                .findFirst()
                .orElseThrow();
        HttpResponse<String> page = api.get("/api/v1/crashes/" + group + "/tags/shard?limit=5&offset=10");

        assertThat(shard).containsEntry("total_values", 14).containsEntry("unique_values", 12);
        assertThat((List<?>) shard.get("top_values")).hasSize(10);
        assertThat(((List<?>) shard.get("top_values")).get(0)).isEqualTo(valueOf(shard, 0));
        assertThat(valueOf(shard, 0)).containsEntry("value", "s03").containsEntry("count", 3);
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(Api.json(json, page.body())).containsEntry("total", 12).containsEntry("limit", 5);
        assertThat(Api.data(json, page.body())).extracting(v -> v.get("value")).containsExactly("s10", "s11");
        assertThat(Api.data(
                        json,
                        api.get("/api/v1/crashes/" + group + "/tags/missing.key")
                                .body()))
                .isEmpty();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> valueOf(Map<String, Object> key, int index) {
        return ((List<Map<String, Object>>) key.get("top_values")).get(index);
    }

    @Test
    void theGroupListFiltersByTagsAllOfWhichMustHold() {
        long pixel = report(api, "a", android("14", "Pixel 8"), "{\"tier\":\"pro\"}");
        long older = report(api, "b", android("13", "Pixel 8"), "{\"tier\":\"free\"}");
        long ios = report(api, "c", "{\"os\":{\"name\":\"iOS\",\"version\":\"17.2\"}}", "{\"needs:colon\":\"yes\"}");

        assertThat(listed(api, tag("os.name:Android"))).containsExactlyInAnyOrder(pixel, older);
        assertThat(listed(api, tag("os.name:Android") + "&" + tag("os.version:14")))
                .containsExactly(pixel);
        assertThat(listed(api, tag("device.model:Pixel 8") + "&" + tag("tier:free")))
                .containsExactly(older);
        assertThat(listed(api, tag("tags[needs:colon]:yes"))).containsExactly(ios);
        assertThat(listed(api, tag("os.version:17.2") + "&status=unresolved")).containsExactly(ios);
        assertThat(listed(api, tag("os.name:Windows"))).isEmpty();
        assertThat(listed(api, tag("os.name:Android' OR '1'='1"))).isEmpty();
    }

    @Test
    void aMalformedTagFilterIsA400NamingTheParameter() {
        List<String> bad = List.of(
                tag("no-colon"),
                tag(":value"),
                tag("key:"),
                tag("bad key:v"),
                tag("k:" + "v".repeat(201)),
                IntStream.range(0, 11).mapToObj(i -> tag("k:" + i)).collect(Collectors.joining("&")));
        for (String query : bad) {
            HttpResponse<String> response = api.get("/api/v1/crashes?" + query);
            assertThat(response.statusCode()).as(query).isEqualTo(400);
            assertThat(Api.json(json, response.body()))
                    .containsEntry("code", "INVALID_REQUEST")
                    .containsKey("timestamp");
            assertThat(response.body()).contains("tag");
        }
        long group = report(api, "a", "{}", "{}");
        assertThat(api.get("/api/v1/crashes/" + group + "/tags/bad%20key").statusCode())
                .isEqualTo(400);
        assertThat(api.get("/api/v1/crashes/999999999999/tags").statusCode()).isEqualTo(404);
        assertThat(api.get("/api/v1/crashes/x/tags/os.name").statusCode()).isEqualTo(404);
    }

    @Test
    @SuppressWarnings("unchecked")
    void aReportShowsItsTagsAndWhySomeWereDroppedAndAResendCountsNothingTwice() {
        UUID eventId = UUID.randomUUID();
        String tags = "{\"ok\":\"yes\",\"bad key\":\"x\",\"long\":\"" + "v".repeat(201) + "\"}";
        long group = report(api, eventId, "resent", android("14", "Pixel 8"), tags);
        report(api, eventId, "resent", android("14", "Pixel 8"), tags);

        Map<String, Object> report = (Map<String, Object>)
                Api.json(json, api.get("/api/v1/crashes/" + group).body()).get("latest_report");

        assertThat((Map<String, Object>) report.get("tags"))
                .containsEntry("ok", "yes")
                .containsEntry("os.name", "Android")
                .doesNotContainKeys("bad key", "long");
        assertThat((List<Map<String, Object>>) report.get("tag_problems"))
                .extracting(p -> p.get("field"))
                .containsExactly("tags", "tags.long");
        assertThat(counts(api, group).get("os.name")).isEqualTo(Map.of("Android", 1));
    }

    @Test
    void anotherAccountSeesNoneOfAGroupsTags() {
        Api bob = new Api(server.getURI());
        long aliceGroup = report(api, "same", android("14", "Pixel 8"), "{\"who\":\"alice\"}");
        long bobGroup = report(bob, "same", "{\"os\":{\"name\":\"Android\"}}", "{\"who\":\"bob\"}");

        assertThat(bob.get("/api/v1/crashes/" + aliceGroup + "/tags").statusCode())
                .isEqualTo(404);
        assertThat(bob.get("/api/v1/crashes/" + aliceGroup + "/tags/who").statusCode())
                .isEqualTo(404);
        assertThat(listed(bob, tag("os.name:Android"))).containsExactly(bobGroup);
        assertThat(listed(bob, tag("who:alice"))).isEmpty();
        assertThat(counts(bob, bobGroup).get("who")).isEqualTo(Map.of("bob", 1));
        assertThat(counts(api, aliceGroup).get("who")).isEqualTo(Map.of("alice", 1));
    }

    @Test
    void mergedGroupsAddTheirTagCountsIntoTheTarget() {
        long target = report(api, "first", android("14", "Pixel 8"), "{\"tier\":\"pro\"}");
        report(api, "first", android("13", "Pixel 8"), "{\"tier\":\"pro\"}");
        long source = report(api, "second", android("14", "Pixel 7"), "{\"tier\":\"free\"}");

        HttpResponse<String> merged =
                api.post("/api/v1/crashes/" + target + "/merge", "{\"group_ids\":[" + source + "]}");

        assertThat(merged.statusCode()).as(merged.body()).isEqualTo(200);
        Map<String, Map<String, Integer>> counts = counts(api, target);
        assertThat(counts.get("os.version")).isEqualTo(Map.of("14", 2, "13", 1));
        assertThat(counts.get("device.model")).isEqualTo(Map.of("Pixel 8", 2, "Pixel 7", 1));
        assertThat(counts.get("tier")).isEqualTo(Map.of("pro", 2, "free", 1));
        assertThat(breakdown(api, source)).isEmpty();
        assertThat(listed(api, tag("tier:free"))).containsExactly(target);
        // a report of the merged fingerprint lands in the target and is counted there
        report(api, "second", android("12", "Pixel 6"), "{\"tier\":\"free\"}");
        assertThat(counts(api, target).get("tier")).isEqualTo(Map.of("pro", 2, "free", 2));
    }

    /** A native crash at {@code offset} into libgame.so, whose function start the SDK knew but not its name. */
    private long nativeCrash(long offset, String osVersion) {
        String body =
                """
                {"event_id":"%s","timestamp":"%s","platform":"native","level":"fatal","release":"game@1",
                 "contexts":{"os":{"name":"Linux","version":"%s"}},"tags":{"gpu":"%s"},
                 "exception":{"values":[{"type":"SIGSEGV","value":"Segfault","mechanism":{"type":"signalhandler","handled":false},
                   "stacktrace":{"frames":[
                     {"instruction_addr":"0x%x","symbol_addr":"0x%x","package":"/opt/game/libgame.so","in_app":true}]}}]},
                 "debug_meta":{"images":[
                   {"type":"elf","image_addr":"0x%x","image_size":32768,"debug_id":"%s","code_file":"/opt/game/libgame.so"}]}}"""
                        .formatted(
                                UUID.randomUUID(),
                                Instant.now(),
                                osVersion,
                                "gpu-" + osVersion,
                                GAME_BASE + offset,
                                GAME_BASE + 0x2000,
                                GAME_BASE,
                                GAME_ID);
        HttpResponse<String> response = api.post("/api/v1/ingest/crash", body);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return Long.parseLong((String) Api.json(json, response.body()).get("group_id"));
    }

    @Test
    void reportsRegroupedWhenTheirSymbolsArriveTakeTheirTagCountsAlong() {
        long first = nativeCrash(0x2004, "6.1");
        long second = nativeCrash(0x2044, "6.8");
        nativeCrash(0x2044, "6.8");
        assertThat(first).isNotEqualTo(second);
        assertThat(counts(api, second).get("os.version")).isEqualTo(Map.of("6.8", 2));

        HttpResponse<String> uploaded = api.send(api.request("/api/v1/dsyms")
                .header("Content-Type", "application/octet-stream")
                .POST(HttpRequest.BodyPublishers.ofString(GAME_SYM))
                .build());
        assertThat(uploaded.statusCode()).as(uploaded.body()).isEqualTo(201);
        jobs.find("crash-resymbolication").orElseThrow().run(Instant.now());

        List<Long> groups = listed(api, "");
        assertThat(groups).hasSize(1);
        long regrouped = groups.get(0);
        Map<String, Map<String, Integer>> counts = counts(api, regrouped);
        assertThat(counts.get("os.version")).isEqualTo(Map.of("6.1", 1, "6.8", 2));
        assertThat(counts.get("gpu")).isEqualTo(Map.of("gpu-6.1", 1, "gpu-6.8", 2));
        assertThat(counts.get("os.name")).isEqualTo(Map.of("Linux", 3));
        assertThat(breakdown(api, first)).isEmpty();
        assertThat(breakdown(api, second)).isEmpty();
        assertThat(listed(api, tag("os.version:6.8"))).containsExactly(regrouped);
    }
}
