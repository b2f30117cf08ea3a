package org.nself.crash.hostile;

import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.web.router.Router;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.nself.crash.symbolication.HostileSymbolFiles;
import org.nself.shared.testing.FunctionContract;
import org.nself.shared.testing.PostgresTest;
import org.nself.shared.testing.hostile.FunctionProcess;
import org.nself.shared.testing.hostile.Hostile;
import org.nself.shared.testing.hostile.HostileSuite;

/**
 * crash-fn's hostile-input suite ({@link HostileSuite}): its jar as its own process with the heap of
 * its container image. The routes come from crash-fn's router (the in-process context of this test
 * serves only to list them); every input goes to the separate process.
 */
@MicronautTest(transactional = false)
class CrashHostileInputIT extends HostileSuite implements PostgresTest {
    private static final String ACCOUNT =
            "t-hostile-" + UUID.randomUUID().toString().substring(0, 8);
    private static final int MIB = 1024 * 1024;
    private static final Pattern PROJECT_ID = Pattern.compile("\"id\"\\s*:\\s*\"?([0-9]+)");
    private static final Pattern PUBLIC_KEY = Pattern.compile("\"public_key\"\\s*:\\s*\"([0-9a-f]+)\"");

    @Inject
    Router router;

    private String projectId;
    private String dsnKey;

    @Override
    protected String module() {
        return "crash-fn";
    }

    @Override
    protected void prepare() {
        if (projectId != null) {
            return; // the project lives in the database, across restarts
        }
        Hostile.Outcome created = Hostile.send(
                fn, "POST", "/api/v1/projects", bearer(), "{\"name\":\"hostile\"}".getBytes(StandardCharsets.UTF_8));
        Matcher id = PROJECT_ID.matcher(created.body() == null ? "" : created.body());
        Matcher key = PUBLIC_KEY.matcher(created.body() == null ? "" : created.body());
        if (!created.success() || !id.find() || !key.find()) {
            throw new AssertionError("cannot create a project: " + created);
        }
        projectId = id.group(1);
        dsnKey = key.group(1);
    }

    @Override
    protected Hostile.Outcome ordinaryRequest() {
        return Hostile.send(fn, "POST", "/api/v1/ingest/crash", anonymousJson(), ordinaryEvent(null));
    }

    // ---- groups ----

    @Test
    @Order(1)
    void gzipBombsToEveryRouteThatTakesABody() {
        byte[] bomb = Hostile.gzipOfZeros(10L * MIB);
        byte[] nested = Hostile.gzip(Hostile.gzipOfZeros(1024L * MIB));
        group("gzip bombs", g -> {
            for (FunctionContract.Route route : bodyRoutes(router)) {
                for (Map.Entry<String, byte[]> input : Map.of(
                                "gzip bomb: 10 MiB of zeros in " + bomb.length + " bytes",
                                bomb,
                                "nested gzip bomb: gzip of 1 GiB of zeros gzipped, " + nested.length + " bytes",
                                nested)
                        .entrySet()) {
                    Address a = address(route);
                    Map<String, String> headers = new HashMap<>(a.headers());
                    headers.put("Content-Encoding", "gzip");
                    g.input(
                            input.getKey(),
                            route.toString(),
                            Expect.REFUSED,
                            () -> Hostile.send(fn, route.method().name(), a.path(), headers, input.getValue()));
                }
            }
            // the Sentry routes also without a DSN key: refused before anything is decompressed
            for (String route : List.of("/envelope/", "/store/")) {
                g.input(
                        "gzip bomb without a DSN key",
                        "POST /api/{projectId}" + route,
                        Expect.REFUSED,
                        () -> Hostile.send(
                                fn,
                                "POST",
                                "/api/" + projectId + route,
                                Map.of("Content-Type", "application/json", "Content-Encoding", "gzip"),
                                bomb));
            }
        });
    }

    @Test
    @Order(2)
    void largeGzipBombsAtOnceToTheEnvelopeRoute() {
        // about 1 MiB on the wire each, well under the envelope's 20 MiB; 1 GiB inflated
        byte[] bomb = Hostile.gzipOfZeros(1024L * MIB);
        group(
                "gzip bombs at once",
                g -> g.inputs(
                        "8 gzip bombs at once, each 1 GiB of zeros in " + bomb.length + " bytes, valid DSN key",
                        "POST /api/{projectId}/envelope/",
                        Expect.REFUSED_OR_OVERLOAD,
                        () -> Hostile.concurrently(8, fn, "POST", envelopePath(), sentryHeaders("gzip"), bomb)));
    }

    @Test
    @Order(3)
    void fourHundredConcurrentOneMebibyteEventsToCrashIngest() {
        group(
                "400 concurrent 1 MiB events",
                g -> g.inputs(
                        "400 crash reports of " + MIB + " bytes, each with its own event_id, at once",
                        "POST /api/v1/ingest/crash",
                        Expect.ACCEPTED_OR_SHED,
                        () -> Hostile.concurrently(
                                400, fn, "POST", "/api/v1/ingest/crash", anonymousJson(), i -> oneMebibyteEvent())));
    }

    @Test
    @Order(4)
    void fourHundredConcurrentOneMebibyteEnvelopes() {
        group(
                "400 concurrent 1 MiB envelopes",
                g -> g.inputs(
                        "400 envelopes, each with its own " + MIB + "-byte event, at once",
                        "POST /api/{projectId}/envelope/",
                        Expect.ACCEPTED_OR_SHED,
                        () -> Hostile.concurrently(
                                400,
                                fn,
                                "POST",
                                envelopePath(),
                                sentryHeaders(null),
                                i -> envelope(oneMebibyteEvent()))));
    }

    @Test
    @Order(5)
    void deepJsonToEveryRouteThatTakesABody() {
        byte[] deep = Hostile.deepJson(100_000);
        byte[] deepInField = Hostile.deepJsonInField("exception", 100_000);
        group("deep JSON", g -> {
            for (FunctionContract.Route route : bodyRoutes(router)) {
                Address a = address(route);
                g.input(
                        "100,000 nested [",
                        route.toString(),
                        Expect.REFUSED,
                        () -> Hostile.send(fn, route.method().name(), a.path(), a.headers(), deep));
                g.input(
                        "{\"exception\": 100,000 nested [",
                        route.toString(),
                        Expect.REFUSED,
                        () -> Hostile.send(fn, route.method().name(), a.path(), a.headers(), deepInField));
            }
            g.input(
                    "envelope whose event is 100,000 nested [",
                    "POST /api/{projectId}/envelope/",
                    Expect.ITEM_DROPPED,
                    () -> Hostile.send(fn, "POST", envelopePath(), sentryHeaders(null), envelope(deep)));
        });
    }

    @Test
    @Order(6)
    void hugeArraysWithinTheSizeLimit() {
        String prefix = "{" + eventId() + ",\"platform\":\"native\",\"exception\":{\"values\":[{\"type\":\"SIGSEGV\","
                + "\"value\":\"x\",\"stacktrace\":{\"frames\":[";
        String suffix = "]}}]}}";
        byte[] frames = Hostile.arrayWithin(prefix, "{}", suffix, MIB);
        long frameCount = Hostile.elementsWithin(prefix, "{}", suffix, MIB);
        String fingerprint = "{" + eventId() + ",\"platform\":\"native\",\"fingerprint\":[";
        byte[] zeros = Hostile.arrayWithin(fingerprint, "0", "]}", MIB);
        long zeroCount = Hostile.elementsWithin(fingerprint, "0", "]}", MIB);
        byte[] aggregates = Hostile.arrayWithin(
                "{\"attrs\":{\"release\":\"1.0\"},\"aggregates\":[",
                "{\"started\":\"2026-01-01T00:00:00Z\",\"exited\":1}",
                "]}",
                MIB);
        String imagesPrefix = "{" + eventId() + ",\"platform\":\"native\",\"debug_meta\":{\"images\":[";
        byte[] images = Hostile.arrayWithin(imagesPrefix, "{}", "]}}", MIB);
        long imageCount = Hostile.elementsWithin(imagesPrefix, "{}", "]}}", MIB);
        group("huge arrays", g -> {
            g.input(
                    frameCount + " frames in 1 MiB",
                    "POST /api/v1/ingest/crash",
                    Expect.REFUSED,
                    () -> Hostile.send(fn, "POST", "/api/v1/ingest/crash", anonymousJson(), frames));
            g.input(
                    "a " + zeroCount + "-element fingerprint in 1 MiB",
                    "POST /api/v1/ingest/crash",
                    Expect.REFUSED,
                    () -> Hostile.send(fn, "POST", "/api/v1/ingest/crash", anonymousJson(), zeros));
            g.input(
                    imageCount + " debug images in 1 MiB",
                    "POST /api/v1/ingest/crash",
                    Expect.REFUSED,
                    () -> Hostile.send(fn, "POST", "/api/v1/ingest/crash", anonymousJson(), images));
            g.input(
                    frameCount + " frames in a 1 MiB envelope event",
                    "POST /api/{projectId}/envelope/",
                    Expect.ITEM_DROPPED,
                    () -> Hostile.send(fn, "POST", envelopePath(), sentryHeaders(null), envelope(frames)));
            g.input(
                    "session aggregates filling 1 MiB",
                    "POST /api/v1/ingest/session",
                    Expect.REFUSED,
                    () -> Hostile.send(fn, "POST", "/api/v1/ingest/session", anonymousJson(), aggregates));
        });
    }

    @Test
    @Order(7)
    void amplifyingElf() {
        byte[] elf = HostileSymbolFiles.amplifyingElf(40_000, 20_000);
        group(
                "amplifying ELF",
                g -> g.input(
                        "ELF of " + elf.length + " bytes: 40,000 symbols, 20,000 section headers on the same table",
                        "POST /api/v1/dsyms",
                        // a parser linear in the file may store it (its 40,000 symbols once); else a 4xx
                        Expect.ACCEPTED_OR_REFUSED,
                        () -> Hostile.send(fn, "POST", "/api/v1/dsyms?file_name=libhostile.so", upload(), elf)));
    }

    @Test
    @Order(8)
    void sixtyMebibyteBreakpadFile() {
        UUID debugId = UUID.fromString("dfb8e43a-f242-3d73-a453-aeb6a777ef75"); // the generator's MODULE line
        byte[] sym = HostileSymbolFiles.breakpad(60L * MIB);
        group("60 MiB Breakpad file", g -> {
            g.input(
                    "Breakpad .sym of " + sym.length + " bytes (" + (sym.length / 60) + "-odd FUNC records)",
                    "POST /api/v1/dsyms",
                    // valid: over the container heap's upload limit (a sixth of the heap): 413; with a larger heap,
                    // stored
                    Expect.ACCEPTED_OR_REFUSED,
                    () -> Hostile.send(fn, "POST", "/api/v1/dsyms?file_name=libhostile.sym", upload(), sym));
            byte[] multipart = multipart(sym, "libhostile.sym");
            g.input(
                    "the same file as the multipart/form-data field file",
                    "POST /api/v1/dsyms",
                    Expect.ACCEPTED_OR_REFUSED,
                    () -> Hostile.send(fn, "POST", "/api/v1/dsyms", multipartHeaders(), multipart));
            g.input(
                    "a crash report naming that file's debug id",
                    "POST /api/v1/ingest/crash",
                    Expect.SUCCEEDS,
                    () -> Hostile.send(fn, "POST", "/api/v1/ingest/crash", anonymousJson(), ordinaryEvent(debugId)));
        });
    }

    @Test
    @Order(9)
    void proguardMappingWithThe26KbCommentLine() {
        byte[] one = HostileSymbolFiles.proguardCommentLine(26_000);
        byte[] forty = HostileSymbolFiles.proguardCommentLine(40 * 26_000);
        group("ProGuard comment line", g -> {
            g.input(
                    "mapping.txt with the 26 KB comment line once",
                    "POST /api/v1/dsyms",
                    Expect.ACCEPTED_OR_REFUSED,
                    () -> Hostile.send(fn, "POST", "/api/v1/dsyms?file_name=mapping.txt", upload(), one));
            // forty times as long: a linear parser reads 1 MiB at once, a backtracking one outlasts the time-out
            g.input(
                    "mapping.txt (" + forty.length + " bytes) with the comment line 40 times as long",
                    "POST /api/v1/dsyms",
                    Expect.ACCEPTED_OR_REFUSED,
                    () -> Hostile.send(fn, "POST", "/api/v1/dsyms?file_name=mapping.txt", upload(), forty));
        });
    }

    // ---- requests ----

    private record Address(String path, Map<String, String> headers) {}

    /** Where and how to send a body to a route: the Sentry routes with the DSN key, others as they need. */
    private Address address(FunctionContract.Route route) {
        String path = samplePath(route, projectId);
        if (route.template().startsWith("/api/{projectId")) {
            return new Address(path + "?sentry_key=" + dsnKey, Map.of("Content-Type", "application/json"));
        }
        return new Address(path, route.anonymous() ? anonymousJson() : bearer());
    }

    private String envelopePath() {
        return "/api/" + projectId + "/envelope/";
    }

    private Map<String, String> sentryHeaders(String encoding) {
        Map<String, String> h = new HashMap<>();
        h.put("Content-Type", "application/x-sentry-envelope");
        h.put("X-Sentry-Auth", "Sentry sentry_version=7, sentry_client=hostile/1.0, sentry_key=" + dsnKey);
        if (encoding != null) {
            h.put("Content-Encoding", encoding);
        }
        return h;
    }

    private static Map<String, String> anonymousJson() {
        return Map.of("Content-Type", "application/json", "X-App-Name", ACCOUNT);
    }

    private static Map<String, String> bearer() {
        return Map.of(
                "Authorization",
                "Bearer " + FunctionProcess.PLUGIN_SECRET,
                "X-App-Name",
                ACCOUNT,
                "Content-Type",
                "application/json");
    }

    private static Map<String, String> upload() {
        return Map.of(
                "Authorization",
                "Bearer " + FunctionProcess.PLUGIN_SECRET,
                "X-App-Name",
                ACCOUNT,
                "Content-Type",
                "application/octet-stream");
    }

    private static final String BOUNDARY = "hostile-boundary-7d1f";

    private static byte[] multipart(byte[] file, String name) {
        byte[] head = ("--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + name
                        + "\"\r\nContent-Type: application/octet-stream\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII);
        byte[] tail = ("\r\n--" + BOUNDARY + "--\r\n").getBytes(StandardCharsets.US_ASCII);
        byte[] all = new byte[head.length + file.length + tail.length];
        System.arraycopy(head, 0, all, 0, head.length);
        System.arraycopy(file, 0, all, head.length, file.length);
        System.arraycopy(tail, 0, all, head.length + file.length, tail.length);
        return all;
    }

    private static Map<String, String> multipartHeaders() {
        return Map.of(
                "Authorization",
                "Bearer " + FunctionProcess.PLUGIN_SECRET,
                "X-App-Name",
                ACCOUNT,
                "Content-Type",
                "multipart/form-data; boundary=" + BOUNDARY);
    }

    /** {@code "event_id":"<32 hex>"}: crash ingest requires one. */
    private static String eventId() {
        return "\"event_id\":\"" + UUID.randomUUID().toString().replace("-", "") + "\"";
    }

    /** A one-item envelope around an event payload. */
    private static byte[] envelope(byte[] event) {
        byte[] head = ("{\"event_id\":\"" + UUID.randomUUID().toString().replace("-", "") + "\"}\n"
                        + "{\"type\":\"event\",\"length\":" + event.length + "}\n")
                .getBytes(StandardCharsets.UTF_8);
        byte[] all = new byte[head.length + event.length + 1];
        System.arraycopy(head, 0, all, 0, head.length);
        System.arraycopy(event, 0, all, head.length, event.length);
        all[all.length - 1] = '\n';
        return all;
    }

    /** A native crash report; with a debug id, its frame lies in that module. */
    private static byte[] ordinaryEvent(UUID debugId) {
        String images = debugId == null
                ? ""
                : ",\"debug_meta\":{\"images\":[{\"type\":\"elf\",\"debug_id\":\"" + debugId
                        + "\",\"image_addr\":\"0x10000\",\"image_size\":1073741824,\"code_file\":\"libhostile.so\"}]}";
        return ("{" + eventId() + ",\"timestamp\":\"" + Instant.now()
                        + "\",\"platform\":\"native\",\"level\":\"fatal\","
                        + "\"release\":\"1.0.0\",\"exception\":{\"values\":[{\"type\":\"SIGSEGV\",\"value\":\"hostile\","
                        + "\"stacktrace\":{\"frames\":[{\"instruction_addr\":\"0x12345\",\"function\":\"main\"}]}}]}"
                        + images + "}")
                .getBytes(StandardCharsets.UTF_8);
    }

    /** A valid crash report of exactly 1 MiB, the ingest limit: its bulk is an {@code extra} string. */
    private static byte[] oneMebibyteEvent() {
        String head = "{" + eventId() + ",\"timestamp\":\"" + Instant.now()
                + "\",\"platform\":\"native\",\"level\":\"fatal\",\"release\":\"1.0.0\","
                + "\"exception\":{\"values\":[{\"type\":\"SIGSEGV\",\"value\":\"big\",\"stacktrace\":{\"frames\":"
                + "[{\"instruction_addr\":\"0x12345\",\"function\":\"main\"}]}}]},\"extra\":{\"blob\":\"";
        String tail = "\"}}";
        return (head + "x".repeat(MIB - head.length() - tail.length()) + tail).getBytes(StandardCharsets.US_ASCII);
    }
}
