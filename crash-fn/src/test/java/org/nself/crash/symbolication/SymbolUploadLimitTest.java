package org.nself.crash.symbolication;

import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.nself.crash.Api;
import org.nself.shared.testing.PostgresTest;

/**
 * Symbol uploads reach their configured 64 MiB: a file of exactly that size is stored, one byte more is the
 * route's own 413. The server's request limit (80 MiB) sits above it, so it never answers first.
 */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SymbolUploadLimitTest implements PostgresTest {
    static final int LIMIT = 64 * 1024 * 1024;

    @Inject
    EmbeddedServer server;

    @Inject
    SymbolSettings settings;

    @Override
    public Map<String, String> extraProperties() {
        // explicit, so the edge does not move with the test JVM's heap (unset, it is min(64 MiB, heap / 6))
        return Map.of("nself.crash.symbols.max-upload-bytes", String.valueOf(LIMIT));
    }

    /** A ProGuard mapping of exactly {@code size} bytes: one class and method, padded by comment lines. */
    static byte[] mapping(int size) {
        byte[] head = "com.example.Big -> a.a:\n    void run():1:1 -> a\n".getBytes(StandardCharsets.US_ASCII);
        byte[] file = new byte[size];
        Arrays.fill(file, (byte) 'x');
        System.arraycopy(head, 0, file, 0, head.length);
        for (int line = head.length; line < size; line += 1024) {
            file[line] = '#';
            file[Math.min(line + 1023, size - 1)] = '\n';
        }
        return file;
    }

    HttpResponse<String> upload(Api api, byte[] file) {
        return api.send(api.request("/api/v1/dsyms?file_name=mapping.txt")
                .header("Content-Type", "application/octet-stream")
                .POST(HttpRequest.BodyPublishers.ofByteArray(file))
                .build());
    }

    @Test
    void aFileOfExactlyTheLimitIsStoredAndOneByteMoreIsA413() {
        Api api = new Api(server.getURI());
        assertThat(settings.maxUploadBytes()).isEqualTo(LIMIT);

        HttpResponse<String> over = upload(api, mapping(LIMIT + 1));
        assertThat(over.statusCode()).isEqualTo(413);
        assertThat(over.body()).contains("PAYLOAD_TOO_LARGE").contains(String.valueOf(LIMIT));

        HttpResponse<String> atLimit = upload(api, mapping(LIMIT));
        assertThat(atLimit.statusCode()).as(atLimit.body()).isEqualTo(201);
        assertThat(atLimit.body()).contains("\"size_bytes\":" + LIMIT);
    }

    @Test
    void aMultipartFileOfExactlyTheLimitIsStored() {
        Api api = new Api(server.getURI());
        byte[] file = mapping(LIMIT);
        file[LIMIT - 2] = 'y'; // other bytes than the raw upload's, so this one is stored anew
        String boundary = "nself-limit-boundary";
        byte[] head = ("--" + boundary
                        + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"mapping.txt\"\r\n"
                        + "Content-Type: application/octet-stream\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII);
        byte[] tail = ("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII);

        HttpResponse<String> response = api.send(api.request("/api/v1/dsyms")
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.concat(
                        HttpRequest.BodyPublishers.ofByteArray(head),
                        HttpRequest.BodyPublishers.ofByteArray(file),
                        HttpRequest.BodyPublishers.ofByteArray(tail)))
                .build());

        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        assertThat(response.body()).contains("\"size_bytes\":" + LIMIT);
    }
}
