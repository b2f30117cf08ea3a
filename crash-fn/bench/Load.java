import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * Load driver for docs/benchmarks.md (run with: java Load.java MODE BASE_URL ACCOUNT SECONDS THREADS).
 * MODE crash: one ~4 KB native event per request, 50 crash sites, unique event ids.
 * MODE session: 100 session updates per request (init ok, then exited/crashed), unique sids.
 * MODE stats: GET /api/v1/stats?period=90d, sequentially; prints latency percentiles.
 * Prints acknowledged (2xx) requests/items and the rate; the caller then counts rows in PostgreSQL.
 */
public class Load {
    static final String FRAME = "{\"function\":\"%s\",\"raw_function\":\"%s(int, char const*)\",\"package\":\"/opt/game/lib/libengine.so\","
            + "\"instruction_addr\":\"0x%x\",\"symbol_addr\":\"0x%x\",\"image_addr\":\"0x7f0000000000\",\"in_app\":%s,"
            + "\"filename\":\"src/engine/%s.cpp\",\"lineno\":%d}";

    static String event(long n) {
        int site = (int) (n % 50);
        StringBuilder frames = new StringBuilder();
        for (int i = 0; i < 10; i++) {
            String fn = "engine::Module" + (i % 7) + "::step" + (i == 9 ? "Crash" + site : Integer.toString(i));
            if (i > 0) {
                frames.append(',');
            }
            long addr = 0x7f0000001000L + i * 0x100 + (n % 4096);
            frames.append(FRAME.formatted(fn, fn, addr, addr - 0x10, i > 4, "file" + i, 100 + i));
        }
        return "{\"event_id\":\"" + UUID.randomUUID().toString().replace("-", "") + "\",\"timestamp\":\"2026-11-23T10:00:00Z\","
                + "\"platform\":\"native\",\"level\":\"fatal\",\"release\":\"game@" + (1 + n % 3) + ".0.0\",\"environment\":\"production\","
                + "\"user\":{\"id\":\"user-" + (n % 5000) + "\"},\"session_id\":\"" + UUID.randomUUID() + "\","
                + "\"exception\":{\"values\":[{\"type\":\"SIGSEGV\",\"value\":\"Segfault at 0x" + Long.toHexString(n) + "\","
                + "\"mechanism\":{\"type\":\"signalhandler\",\"handled\":false,\"meta\":{\"signal\":{\"number\":11,\"name\":\"SIGSEGV\"}}},"
                + "\"stacktrace\":{\"frames\":[" + frames + "]}}]},"
                + "\"debug_meta\":{\"images\":[{\"type\":\"elf\",\"image_addr\":\"0x7f0000000000\",\"image_size\":4194304,"
                + "\"debug_id\":\"" + UUID.nameUUIDFromBytes("engine".getBytes()) + "\",\"code_file\":\"/opt/game/lib/libengine.so\",\"arch\":\"x86_64\"}]},"
                + "\"contexts\":{\"os\":{\"name\":\"Linux\",\"version\":\"6.1\"},\"device\":{\"arch\":\"x86_64\",\"memory_size\":17179869184},"
                + "\"app\":{\"app_name\":\"game\"}},\"tags\":{\"level\":\"forest\"}}";
    }

    static String sessions(long n) {
        StringBuilder b = new StringBuilder("[");
        for (int i = 0; i < 100; i++) {
            if (i > 0) {
                b.append(',');
            }
            b.append("{\"sid\":\"").append(UUID.randomUUID()).append("\",\"did\":\"d").append((n * 100 + i) % 20000)
                    .append("\",\"seq\":1,\"init\":true,\"started\":\"2026-11-23T10:0").append(i % 10)
                    .append(":00Z\",\"status\":\"").append(i % 20 == 0 ? "crashed" : "exited")
                    .append("\",\"duration\":60,\"attrs\":{\"release\":\"game@1.0.0\",\"environment\":\"production\"}}");
        }
        return b.append(']').toString();
    }

    public static void main(String[] args) throws Exception {
        String mode = args[0];
        URI base = URI.create(args[1]);
        String account = args[2];
        int seconds = Integer.parseInt(args[3]);
        int threads = Integer.parseInt(args[4]);
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
        if (mode.equals("stats")) {
            List<Long> micros = new ArrayList<>();
            HttpRequest request = HttpRequest.newBuilder(base.resolve("/api/v1/stats?period=90d"))
                    .header("Authorization", "Bearer " + System.getenv("PLUGIN_SECRET")).header("X-App-Name", account).GET().build();
            for (int i = 0; i < 60; i++) {
                long start = System.nanoTime();
                HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
                long took = (System.nanoTime() - start) / 1000;
                if (response.statusCode() != 200) {
                    throw new IllegalStateException(response.body());
                }
                if (i >= 10) {
                    micros.add(took);
                }
                if (i == 0) {
                    System.out.println("first answer: " + response.body().substring(0, Math.min(400, response.body().length())));
                }
            }
            micros.sort(null);
            System.out.printf("stats 90d: n=%d median=%.1f ms p95=%.1f ms max=%.1f ms%n", micros.size(),
                    micros.get(micros.size() / 2) / 1000.0, micros.get((int) (micros.size() * 0.95)) / 1000.0,
                    micros.get(micros.size() - 1) / 1000.0);
            return;
        }
        String path = mode.equals("crash") ? "/api/v1/ingest/crash" : "/api/v1/ingest/session";
        int perRequest = mode.equals("crash") ? 1 : 100;
        LongAdder ok = new LongAdder();
        LongAdder failed = new LongAdder();
        AtomicLong counter = new AtomicLong();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        long started = System.nanoTime();
        for (int t = 0; t < threads; t++) {
            pool.submit(() -> {
                while (System.nanoTime() < deadline) {
                    long n = counter.incrementAndGet();
                    String body = mode.equals("crash") ? event(n) : sessions(n);
                    try {
                        HttpResponse<Void> r = http.send(HttpRequest.newBuilder(base.resolve(path))
                                .header("Content-Type", "application/json").header("X-App-Name", account)
                                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.discarding());
                        if (r.statusCode() / 100 == 2) {
                            ok.increment();
                        } else {
                            failed.increment();
                        }
                    } catch (Exception e) {
                        failed.increment();
                    }
                }
                return null;
            });
        }
        pool.shutdown();
        pool.awaitTermination(seconds + 60, TimeUnit.SECONDS);
        double elapsed = (System.nanoTime() - started) / 1e9;
        System.out.printf("%s: acknowledged=%d items=%d failed=%d elapsed=%.1fs rate=%.0f items/s (payload %d bytes)%n",
                mode, ok.sum(), ok.sum() * perRequest, failed.sum(), elapsed, ok.sum() * perRequest / elapsed,
                (mode.equals("crash") ? event(1) : sessions(1)).length());
    }
}
