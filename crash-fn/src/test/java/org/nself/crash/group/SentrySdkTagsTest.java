package org.nself.crash.group;

import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.json.JsonMapper;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.sentry.Sentry;
import io.sentry.protocol.App;
import io.sentry.protocol.Device;
import io.sentry.protocol.OperatingSystem;
import jakarta.inject.Inject;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.nself.crash.Api;
import org.nself.shared.testing.PostgresTest;

/** The real Java SDK from Maven Central sets tags and contexts; the group breaks down and filters by them. */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SentrySdkTagsTest implements PostgresTest {
    @Inject
    EmbeddedServer server;

    @Inject
    JsonMapper json;

    @Test
    @SuppressWarnings("unchecked")
    void tagsAndContextsSetThroughTheSdkAreCountedPerGroupAndFilterTheList() {
        Api api = new Api(server.getURI());
        var created = api.post("/api/v1/projects", "{\"name\":\"tagged-app\"}");
        assertThat(created.statusCode()).isEqualTo(201);
        String dsn = (String) Api.json(json, created.body()).get("dsn");

        Sentry.init(options -> {
            options.setDsn(dsn);
            options.setRelease("tagged-app@3.2.0");
            options.setEnvironment("staging");
            options.setEnableShutdownHook(false);
            options.setFlushTimeoutMillis(15_000);
        });
        try {
            Sentry.configureScope(scope -> {
                OperatingSystem os = new OperatingSystem();
                os.setName("Android");
                os.setVersion("14");
                scope.getContexts().setOperatingSystem(os);
                Device device = new Device();
                device.setModel("Pixel 8");
                scope.getContexts().setDevice(device);
                App app = new App();
                app.setAppVersion("3.2.0");
                app.setAppBuild("320");
                scope.getContexts().setApp(app);
            });
            Sentry.setTag("screen", "checkout");
            Sentry.setTag("note", "x".repeat(201));
            for (String tier : List.of("pro", "free", "pro")) {
                Sentry.withScope(scope -> {
                    scope.setTag("tier", tier);
                    Sentry.captureException(failure());
                });
            }
            Sentry.flush(15_000);
        } finally {
            Sentry.close();
        }

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

    /** One place the three captures come from, so that they are one group. */
    private static IllegalStateException failure() {
        return new IllegalStateException("checkout failed");
    }
}
