import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.LongAdder;

/**
 * End-to-end ingest driver for docs/benchmarks.md:
 *   java Load.java BASE_URL SECRET DETECTOR_JSON THREADS BATCHES BATCH_SIZE WARMUP_BATCHES
 * e.g. java Load.java http://127.0.0.1:3942 $PLUGIN_SECRET '{"algorithm":"zscore"}' 2 24 5000 4
 * Creates one detector per thread in a new account, then each thread posts BATCHES batches of
 * BATCH_SIZE points (one a minute, a daily sine with noise and rare spikes, in time order) to its
 * detector through POST /api/v1/ingest. The first WARMUP_BATCHES of every thread are not counted.
 * Bodies are built before the clock starts. Prints points answered 200 per second; any other answer
 * stops the run.
 */
public class Load {
    public static void main(String[] args) throws Exception {
        String base = args[0].replaceAll("/$", "");
        String secret = args[1];
        String detector = args[2];
        int threads = Integer.parseInt(args[3]);
        int batches = Integer.parseInt(args[4]);
        int size = Integer.parseInt(args[5]);
        int warmup = Integer.parseInt(args[6]);
        String account = "bench-" + UUID.randomUUID().toString().substring(0, 8);
        HttpClient client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10))
                .build();
        List<List<String>> bodies = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            String id = "load-" + t;
            String spec = "{\"id\":\"" + id + "\"," + detector.strip().substring(1);
            HttpResponse<String> r = client.send(request(base + "/api/v1/detectors", secret, account, spec), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 201) {
                throw new IllegalStateException("create detector: " + r.statusCode() + " " + r.body());
            }
            bodies.add(series(id, batches, size, new Random(t)));
        }
        LongAdder counted = new LongAdder();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        long[] start = new long[threads];
        long[] end = new long[threads];
        List<Future<?>> running = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int me = t;
            running.add(pool.submit(() -> {
                for (int b = 0; b < batches; b++) {
                    if (b == warmup) {
                        start[me] = System.nanoTime();
                    }
                    HttpResponse<String> r = client.send(
                            request(base + "/api/v1/ingest", secret, account, bodies.get(me).get(b)),
                            HttpResponse.BodyHandlers.ofString());
                    if (r.statusCode() != 200) {
                        throw new IllegalStateException("ingest: " + r.statusCode() + " " + r.body());
                    }
                    if (b >= warmup) {
                        counted.add(size);
                    }
                }
                end[me] = System.nanoTime();
                return null;
            }));
        }
        for (Future<?> f : running) {
            f.get();
        }
        pool.shutdown();
        long first = Long.MAX_VALUE;
        long last = 0;
        for (int t = 0; t < threads; t++) {
            first = Math.min(first, start[t]);
            last = Math.max(last, end[t]);
        }
        double seconds = (last - first) / 1e9;
        System.out.printf("%s: %d points in %.2f s = %.0f points/s (%d threads, batches of %d, account %s)%n",
                detector, counted.sum(), seconds, counted.sum() / seconds, threads, size, account);
    }

    static HttpRequest request(String url, String secret, String account, String body) {
        return HttpRequest.newBuilder(URI.create(url))
                .timeout(Duration.ofMinutes(2))
                .header("Authorization", "Bearer " + secret)
                .header("X-App-Name", account)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
    }

    static List<String> series(String id, int batches, int size, Random random) {
        List<String> out = new ArrayList<>();
        long t = Instant.parse("2026-01-01T00:00:00Z").toEpochMilli();
        long k = 0;
        for (int b = 0; b < batches; b++) {
            StringBuilder s = new StringBuilder(size * 80).append("{\"points\":[");
            for (int i = 0; i < size; i++, k++) {
                double v = 100 + 20 * Math.sin(2 * Math.PI * k / 1440.0) + random.nextGaussian() * 3;
                if (random.nextInt(500) == 0) {
                    v *= 3;
                }
                if (i > 0) {
                    s.append(',');
                }
                s.append("{\"detector_id\":\"").append(id).append("\",\"value\":")
                        .append(Math.round(v * 1000) / 1000.0).append(",\"timestamp\":\"")
                        .append(Instant.ofEpochMilli(t + k * 60_000)).append("\"}");
            }
            out.add(s.append("]}").toString());
        }
        return out;
    }
}
