package org.nself.crash;

import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import org.nself.shared.testing.HostileRequests;
import org.nself.shared.testing.PostgresTest;

/** No input gives nself-crash a 500: every route of its router, driven with generated hostile input. */
class HostileInputTest {
    private static final String EVENT = "{\"event_id\":\"0123456789abcdef0123456789abcdef\","
            + "\"timestamp\":\"2026-01-01T00:00:00Z\",\"platform\":\"native\",\"level\":\"fatal\","
            + "\"release\":\"app@1.0\",\"environment\":\"prod\",\"user\":{\"id\":\"u1\"},\"tags\":{\"k\":\"v\"},"
            + "\"fingerprint\":[\"{{ default }}\"],\"session_id\":\"s1\","
            + "\"exception\":{\"values\":[{\"type\":\"SIGSEGV\",\"value\":\"boom\",\"module\":\"m\","
            + "\"mechanism\":{\"type\":\"signalhandler\",\"handled\":false,\"meta\":{\"signal\":{\"number\":11}}},"
            + "\"stacktrace\":{\"frames\":[{\"function\":\"main\",\"filename\":\"a.c\",\"lineno\":3,\"colno\":1,"
            + "\"in_app\":true,\"instruction_addr\":\"0x1000\",\"image_addr\":\"0x0\",\"symbol_addr\":\"0x1000\"}]}}]},"
            + "\"debug_meta\":{\"images\":[{\"type\":\"elf\",\"image_addr\":\"0x0\",\"image_size\":4096,"
            + "\"debug_id\":\"01234567-89ab-cdef-0123-456789abcdef\",\"code_file\":\"/bin/app\"}]},"
            + "\"contexts\":{\"os\":{\"name\":\"Linux\"},\"device\":{\"arch\":\"x86_64\"}},"
            + "\"breadcrumbs\":{\"values\":[{\"timestamp\":1767225600,\"message\":\"m\"}]}}";
    private static final String SESSION = "{\"sid\":\"8d9a3f2e-1111-2222-3333-444455556666\",\"did\":\"d\",\"seq\":1,"
            + "\"init\":true,\"started\":\"2026-01-01T00:00:00Z\",\"timestamp\":\"2026-01-01T00:01:00Z\","
            + "\"duration\":60.5,\"status\":\"exited\",\"errors\":0,\"attrs\":{\"release\":\"app@1.0\","
            + "\"environment\":\"prod\"}}";
    private static final String AGGREGATES = "{\"aggregates\":[{\"started\":\"2026-01-01T00:00:00Z\",\"exited\":3,"
            + "\"errored\":1,\"crashed\":1}],\"attrs\":{\"release\":\"app@1.0\"}}";
    /** Example bodies of the routes that take one; an envelope carries the event as its item. */
    private static final Map<String, List<String>> SEEDS = Map.of(
            "POST /api/v1/ingest/crash", List.of(EVENT),
            "POST /api/v1/ingest/session", List.of(SESSION, "[" + SESSION + "]", AGGREGATES),
            "POST /api/{projectId:[0-9]+}/store", List.of(EVENT),
            "POST /api/v1/projects", List.of("{\"name\":\"project\"}"),
            "PATCH /api/v1/crashes/{id}", List.of("{\"status\":\"resolved\"}", "{\"status\":\"ignored\"}"),
            "POST /api/v1/crashes/{id}/merge", List.of("{\"group_ids\":[1,2]}"));

    private static final List<String> QUERY_NAMES = List.of("sentry_key", "sentry_version", "q", "sort", "tag");

    private static HostileRequests hostile;
    private static List<String> knownQuery;

    @BeforeContainer
    static void startTheFunction() {
        hostile = HostileRequests.start(Map.of());
        // one of each resource, so that path variables sometimes name something that exists
        var http = hostile.http();
        var headers = Map.of(
                "Authorization",
                "Bearer " + PostgresTest.PLUGIN_SECRET,
                "X-App-Name",
                HostileRequests.ACCOUNT,
                "Content-Type",
                "application/json");
        var project = http.send("POST", "/api/v1/projects", headers, "{\"name\":\"hostile\"}");
        var report = http.send("POST", "/api/v1/ingest/crash", headers, EVENT);
        hostile.knownPathValues(
                field(project.body(), "id"),
                field(report.body(), "group_id"),
                field(report.body(), "id"),
                "01234567-89ab-cdef-0123-456789abcdef");
        knownQuery = List.of("sentry_key=" + field(project.body(), "public_key"), "sentry_version=7");
    }

    @AfterContainer
    static void stopTheFunction() {
        hostile.close();
    }

    @Property(tries = 600)
    void noHostileRequestGetsA500WithThePluginSecret(@ForAll("requests") HostileRequests.Request request) {
        hostile.assertAnswered(request, HostileRequests.Caller.PLUGIN_SECRET);
    }

    @Property(tries = 150)
    void noHostileRequestGetsA500WithoutAToken(@ForAll("requests") HostileRequests.Request request) {
        hostile.assertAnswered(request, HostileRequests.Caller.NO_TOKEN);
    }

    @Provide
    Arbitrary<HostileRequests.Request> requests() {
        return hostile.requests(SEEDS, QUERY_NAMES, knownQuery);
    }

    private static String field(String json, String name) {
        var m = java.util.regex.Pattern.compile("\"" + name + "\":\"?([^\",}]+)")
                .matcher(json);
        if (!m.find()) {
            throw new IllegalStateException("no " + name + " in " + json);
        }
        return m.group(1);
    }
}
