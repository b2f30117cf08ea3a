package org.nself.crash.minidump;

import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.json.JsonMapper;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.io.ByteArrayOutputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.nself.crash.Api;
import org.nself.shared.jobs.ScheduledJobs;
import org.nself.shared.testing.PostgresTest;

/**
 * The minidump route end to end with real dumps: a program built here with gcc and
 * {@code -fomit-frame-pointer} crashes under Breakpad's client, its {@code .sym} from {@code dump_syms}
 * is uploaded to {@code /api/v1/dsyms}, the dump is posted as Crashpad posts it (multipart,
 * {@code upload_file_minidump}, {@code ?sentry_key=}, gzipped), and the stored report's stack is the one
 * {@code minidump_stackwalk} prints for the same files — at ingest, and after symbols arrive later.
 */
@Tag("peer")
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MinidumpIngestPeerTest implements PostgresTest {
    @TempDir
    static Path dir;

    @Inject
    EmbeddedServer server;

    @Inject
    JsonMapper json;

    @Inject
    ScheduledJobs jobs;

    private BreakpadTools tools;
    private Path program;
    private Path symbols;
    private String sym;
    private Api api;
    private long projectId;
    private String key;

    @BeforeAll
    void build() throws Exception {
        tools = BreakpadTools.locate();
        Path source = dir.resolve("crash.cc");
        Files.writeString(source, StackwalkPeerTest.PROGRAM);
        program = dir.resolve("crash_omit");
        tools.compile(
                program,
                source,
                List.of("-O2", "-fomit-frame-pointer", "-fno-inline", "-fno-optimize-sibling-calls"),
                List.of());
        symbols = dir.resolve("symbols");
        sym = Files.readString(tools.dumpSyms(program, symbols));
    }

    @BeforeEach
    void freshAccountAndProject() {
        api = new Api(server.getURI(), "md" + System.nanoTime());
        Map<String, Object> project = Api.json(
                json, api.post("/api/v1/projects", "{\"name\":\"native\"}").body());
        projectId = ((Number) project.get("id")).longValue();
        key = (String) project.get("public_key");
    }

    @Test
    void aCrashpadUploadIsWalkedSymbolicatedGroupedAndKept() throws Exception {
        uploadSymbols();
        Path dump = tools.crash(program, dir.resolve("d1-" + System.nanoTime()), "3");
        byte[] bytes = Files.readAllBytes(dump);

        HttpResponse<String> answer = postMinidump(bytes, "app@1.0");

        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        Map<String, Object> report = latestReport();
        assertThat(report.get("release")).isEqualTo("app@1.0");
        assertThat(report.get("is_crash")).isEqualTo(true);
        assertThat(report.get("exception_type")).isEqualTo("SIGSEGV");
        assertThat(report.get("symbolication")).isIn("complete", "missing");
        assertThat(functionsInnermostFirst(report)).containsExactlyElementsOf(stackwalkFunctions(dump));
        assertThat(functionsInnermostFirst(report)).startsWith("crash_here", "step_b", "step_a", "step_b");
        assertThat(answer.body().replace("-", "")).isEqualTo(report.get("id"));

        String path = "/api/v1/crashes/" + report.get("group_id") + "/reports/" + report.get("id") + "/minidump";
        HttpResponse<byte[]> download = java.net.http.HttpClient.newHttpClient()
                .send(api.request(path).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(download.statusCode()).isEqualTo(200);
        assertThat(download.body()).isEqualTo(bytes);
        Api other = new Api(server.getURI(), "other" + System.nanoTime());
        assertThat(other.send(other.request(path).GET().build()).statusCode()).isEqualTo(404);
    }

    @Test
    void aDumpWhoseSymbolsArriveLaterIsWalkedAgainWithTheirCfi() throws Exception {
        Path dump = tools.crash(program, dir.resolve("d2-" + System.nanoTime()), "2");
        assertThat(postMinidump(Files.readAllBytes(dump), "app@2.0").statusCode())
                .isEqualTo(200);
        Map<String, Object> before = latestReport();
        assertThat(before.get("symbolication")).isEqualTo("missing");
        assertThat(trustsInnermostFirst(before)).doesNotContain("cfi");
        assertThat(functionsInnermostFirst(before)).hasSameSizeAs(stackwalkFunctions(dump, null));

        uploadSymbols();
        jobs.find("crash-resymbolication").orElseThrow().run(Instant.now());

        Map<String, Object> after = latestReport();
        // the stored walk is the new one (found by CFI), not the old one symbolicated
        assertThat(trustsInnermostFirst(after).subList(1, 4)).containsOnly("cfi");
        assertThat(functionsInnermostFirst(after)).containsExactlyElementsOf(stackwalkFunctions(dump));
    }

    @Test
    void anEnvelopeMinidumpAttachmentBecomesAWalkedReport() throws Exception {
        uploadSymbols();
        Path dump = tools.crash(program, dir.resolve("d3-" + System.nanoTime()), "1");
        byte[] bytes = Files.readAllBytes(dump);
        String eventId = java.util.UUID.randomUUID().toString().replace("-", "");
        HttpResponse<String> answer = postEnvelope(eventId, null, bytes);

        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        Map<String, Object> report = latestReport();
        assertThat(report.get("id")).isEqualTo(eventId);
        assertThat(functionsInnermostFirst(report)).containsExactlyElementsOf(stackwalkFunctions(dump));
    }

    @Test
    void anEventItemFollowedByItsMinidumpIsOneReportWithTheEventsFieldsAndTheWalkedStack() throws Exception {
        uploadSymbols();
        Path dump = tools.crash(program, dir.resolve("d4-" + System.nanoTime()), "2");
        byte[] bytes = Files.readAllBytes(dump);
        String eventId = java.util.UUID.randomUUID().toString().replace("-", "");
        // as sentry-native's breakpad and inproc backends send a crash: the event, then its dump
        byte[] event = ("{\"event_id\":\"" + eventId + "\",\"platform\":\"native\",\"level\":\"fatal\","
                        + "\"release\":\"native-app@3.1\",\"environment\":\"prod\",\"tags\":{\"tier\":\"pro\"}}")
                .getBytes(StandardCharsets.UTF_8);
        HttpResponse<String> answer = postEnvelope(eventId, event, bytes);

        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        Map<String, Object> report = latestReport();
        assertThat(report.get("id")).isEqualTo(eventId);
        assertThat(report.get("release")).isEqualTo("native-app@3.1");
        assertThat(report.get("environment")).isEqualTo("prod");
        assertThat(report.get("exception_type")).isEqualTo("SIGSEGV");
        assertThat(functionsInnermostFirst(report)).containsExactlyElementsOf(stackwalkFunctions(dump));
        List<Map<String, Object>> reports = Api.data(
                json,
                api.get("/api/v1/crashes/" + report.get("group_id") + "/reports")
                        .body());
        assertThat(reports).extracting(r -> r.get("id")).containsOnlyOnce(eventId);
    }

    @Test
    void somethingThatIsNoMinidumpIsRefusedWith400() {
        HttpResponse<String> answer = postMinidump("not a dump".getBytes(StandardCharsets.UTF_8), "app@1.0");

        assertThat(answer.statusCode()).isEqualTo(400);
        assertThat(Api.json(json, answer.body())).containsEntry("code", "INVALID_REQUEST");
    }

    @Test
    void anUploadWithoutTheDsnKeyIs401() {
        HttpResponse<String> answer = api.send(api.anonymous("/api/" + projectId + "/minidump/")
                .header("Content-Type", "multipart/form-data; boundary=b")
                .POST(HttpRequest.BodyPublishers.ofString("--b--\r\n"))
                .build());

        assertThat(answer.statusCode()).isEqualTo(401);
    }

    /** An envelope as an SDK sends it: its header, an {@code event} item when one is given, the dump. */
    private HttpResponse<String> postEnvelope(String eventId, byte[] event, byte[] dump) {
        ByteArrayOutputStream envelope = new ByteArrayOutputStream();
        envelope.writeBytes(("{\"event_id\":\"" + eventId + "\"}\n").getBytes(StandardCharsets.UTF_8));
        if (event != null) {
            envelope.writeBytes(
                    ("{\"type\":\"event\",\"length\":" + event.length + "}\n").getBytes(StandardCharsets.UTF_8));
            envelope.writeBytes(event);
            envelope.writeBytes("\n".getBytes(StandardCharsets.UTF_8));
        }
        envelope.writeBytes(("{\"type\":\"attachment\",\"length\":" + dump.length
                        + ",\"filename\":\"crash.dmp\",\"attachment_type\":\"event.minidump\"}\n")
                .getBytes(StandardCharsets.UTF_8));
        envelope.writeBytes(dump);
        envelope.writeBytes("\n".getBytes(StandardCharsets.UTF_8));
        return api.send(api.anonymous("/api/" + projectId + "/envelope/?sentry_key=" + key)
                .header("Content-Type", "application/x-sentry-envelope")
                .POST(HttpRequest.BodyPublishers.ofByteArray(envelope.toByteArray()))
                .build());
    }

    private void uploadSymbols() {
        HttpResponse<String> up = api.send(api.request("/api/v1/dsyms?file_name=crash_omit.sym")
                .header("Content-Type", "application/octet-stream")
                .POST(HttpRequest.BodyPublishers.ofString(sym))
                .build());
        assertThat(up.statusCode()).as(up.body()).isIn(200, 201);
    }

    private HttpResponse<String> postMinidump(byte[] dump, String release) {
        String boundary = "----crashpad" + System.nanoTime();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"sentry[release]\"\r\n\r\n"
                        + release + "\r\n--" + boundary
                        + "\r\nContent-Disposition: form-data; name=\"upload_file_minidump\"; filename=\"a.dmp\"\r\n"
                        + "Content-Type: application/octet-stream\r\n\r\n")
                .getBytes(StandardCharsets.UTF_8));
        body.writeBytes(dump);
        body.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return api.send(api.anonymous("/api/" + projectId + "/minidump/?sentry_key=" + key)
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .header("Content-Encoding", "gzip")
                .POST(HttpRequest.BodyPublishers.ofByteArray(Api.gzip(body.toByteArray())))
                .build());
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> latestReport() {
        List<Map<String, Object>> groups =
                Api.data(json, api.get("/api/v1/crashes").body());
        assertThat(groups).isNotEmpty();
        Map<String, Object> detail = Api.json(
                json, api.get("/api/v1/crashes/" + groups.get(0).get("id")).body());
        return (Map<String, Object>) detail.get("latest_report");
    }

    /** The crashed stack's functions as the report shows them (empty when unsymbolicated), innermost first. */
    @SuppressWarnings("unchecked")
    private static List<String> functionsInnermostFirst(Map<String, Object> report) {
        List<String> out = new ArrayList<>();
        for (Map<String, Object> frame : (List<Map<String, Object>>) report.get("frames")) {
            out.add(0, frame.get("function") == null ? "" : (String) frame.get("function"));
        }
        return out;
    }

    /** The walk as stored: the payload's exception frames' trust, innermost first. */
    @SuppressWarnings("unchecked")
    private static List<String> trustsInnermostFirst(Map<String, Object> report) {
        Map<String, Object> payload = (Map<String, Object>) report.get("payload");
        Map<String, Object> exception =
                ((List<Map<String, Object>>) ((Map<String, Object>) payload.get("exception")).get("values")).get(0);
        List<String> out = new ArrayList<>();
        for (Map<String, Object> frame :
                (List<Map<String, Object>>) ((Map<String, Object>) exception.get("stacktrace")).get("frames")) {
            out.add(0, String.valueOf(frame.get("trust")));
        }
        return out;
    }

    private List<String> stackwalkFunctions(Path dump) throws Exception {
        return stackwalkFunctions(dump, symbols);
    }

    private List<String> stackwalkFunctions(Path dump, Path symbolDir) throws Exception {
        String machine = tools.stackwalk(dump, symbolDir, true);
        String crashed = null;
        List<String> out = new ArrayList<>();
        for (String line : machine.split("\n")) {
            String[] f = line.split("\\|", -1);
            if (f[0].equals("Crash")) {
                crashed = f[3];
            } else if (crashed != null && f[0].equals(crashed) && f.length == 7) {
                out.add(f[3]);
            }
        }
        return out;
    }
}
