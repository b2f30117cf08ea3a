package org.nself.anomaly.source;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Predicate;

/** Debian's real {@code prometheus} on a free local port with its data in {@code dir}, for peer tests. */
final class LocalPrometheus implements AutoCloseable {
    static final Path BINARY = Path.of("/usr/bin/prometheus");

    final Path dir;
    final int port;
    private final Process process;

    private LocalPrometheus(Path dir, int port, Process process) {
        this.dir = dir;
        this.port = port;
        this.process = process;
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    /** Starts it with {@code config} as its prometheus.yml and {@code dir/data} as its storage. */
    static LocalPrometheus start(Path dir, int port, String config) throws IOException {
        assertThat(BINARY)
                .as("Debian's prometheus (apt-get install -y prometheus)")
                .exists();
        Files.writeString(dir.resolve("prometheus.yml"), config);
        Process process = new ProcessBuilder(
                        BINARY.toString(),
                        "--config.file=" + dir.resolve("prometheus.yml"),
                        "--storage.tsdb.path=" + dir.resolve("data"),
                        "--web.listen-address=127.0.0.1:" + port)
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("log").toFile())
                .start();
        return new LocalPrometheus(dir, port, process);
    }

    /** Waits (bounded, one minute) until the instant query {@code query} answers a body {@code ready} accepts. */
    void await(String query, Predicate<String> ready, String what) throws InterruptedException {
        HttpClient client = HttpClient.newHttpClient();
        URI uri = URI.create(
                "http://127.0.0.1:" + port + "/api/v1/query?query=" + URLEncoder.encode(query, StandardCharsets.UTF_8));
        for (int i = 0; i < 300; i++) {
            try {
                String body = client.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString())
                        .body();
                if (ready.test(body)) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("prometheus " + what + "; log in " + dir);
    }

    @Override
    public void close() {
        process.destroy();
    }
}
