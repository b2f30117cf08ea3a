package org.nself.anomaly.scoring;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.nself.shared.time.Rfc3339;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The per-point work of ingest outside scoring and the database: reading each point's RFC 3339
 * timestamp and writing the answer ({@link IngestViewJson}). One operation is a batch of 1,000
 * points, so ops/s × 1,000 is points/s on one thread. Run:
 * {@code mvn -B -ntp -pl anomaly-fn -am -Pbench verify -DskipTests -Djmh.args=IngestEdgeBenchmark}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class IngestEdgeBenchmark {
    private static final int BATCH = 1_000;

    private final String[] timestamps = new String[BATCH];
    private IngestView view;

    @Setup
    public void setUp() {
        Random random = new Random(5);
        long start = 1_767_225_600L; // 2026-01-01T00:00:00Z
        List<PointResultView> points = new ArrayList<>();
        for (int i = 0; i < BATCH; i++) {
            Instant t = Instant.ofEpochSecond(start + 60L * i, random.nextInt(1000) * 1_000_000L);
            // the shapes SDKs and exporters send: whole seconds, milliseconds, an offset
            timestamps[i] = switch (i % 3) {
                case 0 -> Instant.ofEpochSecond(t.getEpochSecond()).toString();
                case 1 -> t.toString();
                default -> t.atOffset(java.time.ZoneOffset.ofHours(2)).toString();
            };
            double value = 100 + random.nextGaussian() * 3;
            points.add(new PointResultView(
                    "cpu",
                    new PointView(
                            t,
                            value,
                            random.nextDouble(),
                            false,
                            100.0,
                            91.0,
                            109.0,
                            false,
                            null),
                    false,
                    i % 100 == 0 ? UUID.randomUUID() : null));
        }
        view = new IngestView(BATCH, 0, 0, 0, points);
    }

    @Benchmark
    public void readTimestamps(Blackhole hole) {
        for (String s : timestamps) {
            hole.consume(Rfc3339.parse(s));
        }
    }

    @Benchmark
    public byte[] writeAnswer() {
        return IngestViewJson.write(view);
    }
}
