package org.nself.crash.minidump;

import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.context.annotation.Property;
import io.micronaut.json.JsonMapper;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.io.ByteArrayOutputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.nself.crash.Api;
import org.nself.shared.testing.PostgresTest;

/**
 * The minidump route's limits and tenancy on small hand-written dumps (no peer needed): the per-dump
 * limit (413), the per-account quota (the report is kept, the dump not), and download by the owning
 * account only.
 */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Property(name = "nself.crash.minidump.max-dump-bytes", value = "100000")
@Property(name = "nself.crash.minidump.max-stored-bytes-per-account", value = "6000")
class MinidumpUploadTest implements PostgresTest {
    @Inject
    EmbeddedServer server;

    @Inject
    JsonMapper json;

    private Api api;
    private long projectId;
    private String key;

    @BeforeEach
    void freshAccount() {
        api = new Api(server.getURI(), "mdu" + System.nanoTime());
        Map<String, Object> project =
                Api.json(json, api.post("/api/v1/projects", "{\"name\":\"n\"}").body());
        projectId = ((Number) project.get("id")).longValue();
        key = (String) project.get("public_key");
    }

    static byte[] dump(long pc) {
        return MinidumpBuilder.amd64()
                .module(0x400000, 0x10000, "/usr/bin/app", HexFormat.of().parseHex("0102030405060708090a0b0c0d0e0f10"))
                .stack(0x7ff0_0000L, MinidumpBuilder.words(0x7ff0_0010L, 0x400300, 0, 0))
                .registers(Map.of(4, 0x7ff0_0000L, 5, 0x7ff0_0000L, 16, pc))
                .build();
    }

    @Test
    void aDumpIsDownloadableByItsAccountOnly() throws Exception {
        byte[] dump = dump(0x400100);
        HttpResponse<String> answer = post(dump);
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        Map<String, Object> report = latestReport();
        assertThat(report.get("exception_type")).isEqualTo("SIGSEGV");
        String path = "/api/v1/crashes/" + report.get("group_id") + "/reports/" + report.get("id") + "/minidump";

        HttpResponse<byte[]> mine = HttpClient.newHttpClient()
                .send(api.request(path).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
        Api other = new Api(server.getURI(), "mdother" + System.nanoTime());

        assertThat(mine.statusCode()).isEqualTo(200);
        assertThat(mine.body()).isEqualTo(dump);
        assertThat(other.send(other.request(path).GET().build()).statusCode()).isEqualTo(404);
        assertThat(api.send(api.anonymous(path).GET().build()).statusCode()).isEqualTo(401);
    }

    @Test
    void aDumpOverTheLimitIs413() {
        byte[] big = new byte[150_000];
        System.arraycopy(dump(0x400100), 0, big, 0, 100);

        HttpResponse<String> answer = post(big);

        assertThat(answer.statusCode()).isEqualTo(413);
        assertThat(Api.json(json, answer.body())).containsEntry("code", "PAYLOAD_TOO_LARGE");
    }

    @Test
    void pastTheAccountQuotaTheReportIsKeptAndItsDumpIsNot() {
        int size = dump(0x400100).length;
        int fit = (int) (6000 / size);
        for (int i = 0; i <= fit; i++) {
            assertThat(post(dump(0x400100 + 16L * i)).statusCode()).isEqualTo(200);
        }
        List<Map<String, Object>> groups =
                Api.data(json, api.get("/api/v1/crashes").body());
        long reports = groups.stream()
                .mapToLong(g -> ((Number) g.get("count")).longValue())
                .sum();
        int downloadable = 0;
        for (Map<String, Object> g : groups) {
            for (Map<String, Object> r : Api.data(
                    json, api.get("/api/v1/crashes/" + g.get("id") + "/reports").body())) {
                String path = "/api/v1/crashes/" + g.get("id") + "/reports/" + r.get("id") + "/minidump";
                if (api.send(api.request(path).GET().build()).statusCode() == 200) {
                    downloadable++;
                }
            }
        }

        assertThat(reports).isEqualTo(fit + 1);
        assertThat(downloadable).isEqualTo(fit);
    }

    private HttpResponse<String> post(byte[] dump) {
        String boundary = "b" + System.nanoTime();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(("--" + boundary
                        + "\r\nContent-Disposition: form-data; name=\"upload_file_minidump\"; filename=\"a.dmp\"\r\n\r\n")
                .getBytes(StandardCharsets.UTF_8));
        body.writeBytes(dump);
        body.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return api.send(api.anonymous("/api/" + projectId + "/minidump/?sentry_key=" + key)
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray()))
                .build());
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> latestReport() {
        Object group = Api.data(json, api.get("/api/v1/crashes").body()).get(0).get("id");
        return (Map<String, Object>)
                Api.json(json, api.get("/api/v1/crashes/" + group).body()).get("latest_report");
    }
}
