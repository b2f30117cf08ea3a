package org.nself.anomaly.algorithm;

import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * In-process scoring speed of each algorithm: one operation is one point scored and learned
 * ({@code learn = true}), so ops/s is points/s on one thread. The series is a daily sine with noise
 * and rare spikes, one point a minute; each algorithm is trained on 20,000 points first so that
 * windows, calibration and forests are full. Run: see docs/benchmarks.md ("In-process scoring").
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class ScoringBenchmark {
    private static final int SERIES = 1 << 16;
    private static final long MINUTE = 60_000;

    @Param({"zscore", "mad", "seasonal", "holt_winters", "threshold", "rcf", "ensemble"})
    public String algorithm;

    private Algorithm model;
    private final double[] values = new double[SERIES];
    private long t = 1_767_225_600_000L; // 2026-01-01T00:00:00Z
    private int i;

    @Setup
    public void setUp() {
        Random random = new Random(7);
        for (int k = 0; k < SERIES; k++) {
            double v = 100 + 20 * Math.sin(2 * Math.PI * k / 1440.0) + random.nextGaussian() * 3;
            values[k] = random.nextInt(500) == 0 ? v * 3 : v;
        }
        model = Algorithms.create(algorithm, params(algorithm));
        for (int k = 0; k < 20_000; k++) {
            score();
        }
    }

    static Map<String, Object> params(String algorithm) {
        return switch (algorithm) {
            case "threshold" -> Map.of("upper", 250, "lower", 0);
            case "holt_winters" -> Map.of("season_length", 1440);
            default -> Map.of();
        };
    }

    @Benchmark
    public Estimate score() {
        t += MINUTE;
        return model.score(t, values[i++ & (SERIES - 1)], true);
    }
}
