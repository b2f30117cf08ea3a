package org.nself.crash;

import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.json.JsonMapper;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.nself.shared.limits.IngestBudget;
import org.nself.shared.testing.PostgresTest;

/**
 * The public ingest routes (crash, session, Sentry store and envelope) cost memory bounded by their own
 * limits: keys and rate limits are checked before the body is read, bodies are inflated as they stream
 * and cut at the limit, and the process-wide budget of held body bytes refuses with 429 when spent.
 */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class IngestMemoryBoundsTest implements PostgresTest {
    private static final long MIB = 1024 * 1024;
    private static final String WRONG_KEY = "0123456789abcdef0123456789abcdef";

    @Inject
    EmbeddedServer server;

    @Inject
    JsonMapper json;

    @Inject
    IngestBudget budget;

    Api api;
    long projectId;
    String key;

    @BeforeEach
    void freshProject() {
        api = new Api(server.getURI());
        Map<String, Object> project = Api.json(
                json, api.post("/api/v1/projects", "{\"name\":\"bounds\"}").body());
        projectId = ((Number) project.get("id")).longValue();
        key = (String) project.get("public_key");
    }

    @Test
    void aGzipBombToEachPublicRouteIsA413BeforeMuchMemoryIsUsed() throws IOException {
        byte[] eventBomb = bomb("{\"event_id\":\"" + UUID.randomUUID() + "\",\"message\":\"", 64);
        byte[] envelopeEventBomb = bomb("{}\n{\"type\":\"event\"}\n", 200);
        byte[] envelopeAttachmentBomb = bomb("{}\n{\"type\":\"attachment\"}\n", 200);

        Map<String, byte[]> routes = new java.util.LinkedHashMap<>();
        routes.put("/api/v1/ingest/crash", eventBomb);
        routes.put("/api/v1/ingest/session", eventBomb);
        routes.put("/api/" + projectId + "/store/?sentry_key=" + key, eventBomb);
        routes.put("/api/" + projectId + "/envelope/?sentry_key=" + key, envelopeEventBomb);
        routes.put("/api/" + projectId + "/envelope/?sentry_key=" + key + "&attachment", envelopeAttachmentBomb);

        for (Map.Entry<String, byte[]> route : routes.entrySet()) {
            long before = allocatedByAllThreads();
            HttpResponse<String> response = api.send(api.anonymous(route.getKey())
                    .header("X-App-Name", api.account)
                    .header("Content-Type", "application/json")
                    .header("Content-Encoding", "gzip")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(route.getValue()))
                    .build());
            long allocated = allocatedByAllThreads() - before;

            assertThat(response.statusCode()).as(route.getKey()).isEqualTo(413);
            assertThat(response.body()).contains("PAYLOAD_TOO_LARGE");
            // inflating the envelope bomb into memory (up to 100 MiB) allocated far more than this
            assertThat(allocated).as(route.getKey() + " allocated").isLessThan(40 * MIB);
        }
        assertThat(budget.inFlight()).isZero();
    }

    @Test
    void aWrongKeyGzipBodyIsRefusedWithoutBeingInflated() {
        // the gzip magic, then bytes that are no deflate stream: inflating them would answer 400
        byte[] notReallyGzip = new byte[256 * 1024];
        notReallyGzip[0] = (byte) 0x1f;
        notReallyGzip[1] = (byte) 0x8b;
        java.util.Arrays.fill(notReallyGzip, 2, notReallyGzip.length, (byte) 0x55);

        for (String route : new String[] {"/envelope/", "/store/"}) {
            HttpResponse<String> byQuery =
                    api.send(api.anonymous("/api/" + projectId + route + "?sentry_key=" + WRONG_KEY)
                            .header("Content-Type", "application/x-sentry-envelope")
                            .header("Content-Encoding", "gzip")
                            .POST(HttpRequest.BodyPublishers.ofByteArray(notReallyGzip))
                            .build());
            HttpResponse<String> byHeader = api.send(api.anonymous("/api/" + projectId + route)
                    .header("Content-Type", "application/x-sentry-envelope")
                    .header("X-Sentry-Auth", "Sentry sentry_version=7, sentry_key=" + WRONG_KEY)
                    .POST(HttpRequest.BodyPublishers.ofByteArray(notReallyGzip))
                    .build());

            assertThat(byQuery.statusCode()).as(route + byQuery.body()).isEqualTo(401);
            assertThat(byHeader.statusCode()).as(route + byHeader.body()).isEqualTo(401);
        }
    }

    @Test
    void aWrongKeyIsAnsweredBeforeTheBodyIsSent() throws IOException {
        // declares 8 MiB but sends 1 KiB: a server that buffers the body first would never answer
        try (Socket socket = new Socket(server.getHost(), server.getPort())) {
            socket.setSoTimeout(20_000);
            OutputStream out = socket.getOutputStream();
            out.write(("POST /api/" + projectId + "/envelope/?sentry_key=" + WRONG_KEY + " HTTP/1.1\r\n"
                            + "Host: localhost\r\n"
                            + "Content-Type: application/x-sentry-envelope\r\n"
                            + "Content-Encoding: gzip\r\n"
                            + "Content-Length: " + 8 * MIB + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.write(new byte[1024]);
            out.flush();

            String statusLine = firstLine(socket.getInputStream());

            assertThat(statusLine).startsWith("HTTP/1.1 401");
        }
    }

    @Test
    void aSpentBudgetRefusesIngestWith429UntilBytesAreGivenBack() {
        String event = "{\"event_id\":\"" + UUID.randomUUID() + "\",\"message\":\"budget\"}";
        HttpResponse<String> refused;
        HttpResponse<String> refusedEnvelope;
        try (IngestBudget.Reservation hog = budget.open(Map.of())) {
            hog.hold(budget.max());

            refused = api.post("/api/v1/ingest/crash", event);
            refusedEnvelope = api.send(api.anonymous("/api/" + projectId + "/envelope/?sentry_key=" + key)
                    .header("Content-Type", "application/x-sentry-envelope")
                    .POST(HttpRequest.BodyPublishers.ofString("{}\n{\"type\":\"event\"}\n" + event + "\n"))
                    .build());
        }
        HttpResponse<String> accepted = api.post("/api/v1/ingest/crash", event);

        assertThat(refused.statusCode()).isEqualTo(429);
        assertThat(refused.body()).contains("RATE_LIMIT_EXCEEDED");
        assertThat(refused.headers().firstValue("Retry-After")).contains("1");
        assertThat(refusedEnvelope.statusCode()).isEqualTo(429);
        assertThat(refusedEnvelope.headers().firstValue("X-Sentry-Rate-Limits")).isPresent();
        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(200);
        assertThat(budget.inFlight()).isZero();
    }

    @Test
    void anEnvelopeHoldsOnlyItsKeptItemsNotItsSize() {
        // 30 MiB of skipped attachment (gzip on the wire) and one event: accepted, nothing left reserved
        ByteArrayOutputStream raw = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(raw)) {
            gz.write(("{}\n{\"type\":\"attachment\",\"length\":" + 30 * MIB + "}\n").getBytes(StandardCharsets.UTF_8));
            byte[] chunk = new byte[(int) MIB];
            for (int i = 0; i < 30; i++) {
                gz.write(chunk);
            }
            String id = UUID.randomUUID().toString().replace("-", "");
            gz.write(("\n{\"type\":\"event\"}\n{\"event_id\":\"" + id + "\",\"message\":\"kept\"}\n")
                    .getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }

        HttpResponse<String> response = api.send(api.anonymous("/api/" + projectId + "/envelope/?sentry_key=" + key)
                .header("Content-Type", "application/x-sentry-envelope")
                .header("Content-Encoding", "gzip")
                .POST(HttpRequest.BodyPublishers.ofByteArray(raw.toByteArray()))
                .build());

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(budget.inFlight()).isZero();
    }

    private static byte[] bomb(String prefix, int mebibytesOfZeros) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(prefix.getBytes(StandardCharsets.UTF_8));
            byte[] zeros = new byte[(int) MIB];
            for (int i = 0; i < mebibytesOfZeros; i++) {
                gz.write(zeros);
            }
        }
        return out.toByteArray();
    }

    /** Bytes allocated so far by every live thread (the server's workers stay alive between requests). */
    private static long allocatedByAllThreads() {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long total = 0;
        for (long allocated : threads.getThreadAllocatedBytes(threads.getAllThreadIds())) {
            total += Math.max(allocated, 0);
        }
        return total;
    }

    private static String firstLine(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        for (int b = in.read(); b >= 0 && b != '\n'; b = in.read()) {
            line.append((char) b);
        }
        return line.toString().strip();
    }
}
