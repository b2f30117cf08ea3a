package org.nself.crash.group;

import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.json.JsonMapper;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.nself.crash.Api;
import org.nself.shared.testing.PostgresTest;

/**
 * An app on the real Java SDK from Maven Central ({@link TaggedSdkApp}) sets tags and contexts; the group
 * breaks down and filters by them.
 */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SentrySdkTagsTest implements PostgresTest {
    @Inject
    EmbeddedServer server;

    @Inject
    JsonMapper json;

    @Test
    @SuppressWarnings("unchecked")
    void tagsAndContextsSetThroughTheSdkAreCountedPerGroupAndFilterTheList() throws Exception {
        Api api = new Api(server.getURI());
        var created = api.post("/api/v1/projects", "{\"name\":\"tagged-app\"}");
        assertThat(created.statusCode()).isEqualTo(201);
        String dsn = (String) Api.json(json, created.body()).get("dsn");

        // the app runs as its own process, as apps do: the SDK it warms up is not the one other tests drive
        Process app = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-cp",
                        System.getProperty("java.class.path"),
                        TaggedSdkApp.class.getName(),
                        dsn)
                .redirectErrorStream(true)
                .start();
        String output = new String(app.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(app.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(app.exitValue()).as(output).isZero();

        List<Map<String, Object>> groups =
                Api.data(json, api.get("/api/v1/crashes").body());
        assertThat(groups).hasSize(1);
        Object group = groups.get(0).get("id");
        Map<String, Map<String, Object>> tags =
                Api.data(json, api.get("/api/v1/crashes/" + group + "/tags").body()).stream()
                        .collect(Collectors.toMap(k -> (String) k.get("key"), k -> ((List<Map<String, Object>>)
                                        k.get("top_values"))
                                .stream()
                                        .collect(Collectors.toMap(v -> (String) v.get("value"), v -> v.get("count")))));
        assertThat(tags)
                .containsEntry("os.name", Map.of("Android", 3))
                .containsEntry("os.version", Map.of("14", 3))
                .containsEntry("device.model", Map.of("Pixel 8", 3))
                .containsEntry("app.version", Map.of("3.2.0", 3))
                .containsEntry("release", Map.of("tagged-app@3.2.0", 3))
                .containsEntry("environment", Map.of("staging", 3))
                .containsEntry("screen", Map.of("checkout", 3))
                .containsEntry("tier", Map.of("pro", 2, "free", 1))
                .doesNotContainKey("note");
        String both = "tag=" + URLEncoder.encode("device.model:Pixel 8", StandardCharsets.UTF_8) + "&tag=tier:free";
        assertThat(Api.data(json, api.get("/api/v1/crashes?" + both).body()))
                .extracting(g -> g.get("id"))
                .containsExactly(group);
        assertThat(Api.data(json, api.get("/api/v1/crashes?tag=tier:enterprise").body()))
                .isEmpty();
        Map<String, Object> latest = (Map<String, Object>)
                Api.json(json, api.get("/api/v1/crashes/" + group).body()).get("latest_report");
        assertThat((List<Map<String, Object>>) latest.get("tag_problems"))
                .extracting(p -> p.get("field"))
                .containsExactly("tags.note");
    }
}
