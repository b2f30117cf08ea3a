package org.nself.anomaly.algorithm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AlgorithmsTest {
    static final long STEP = 300_000; // five minutes
    static final int SPIKE = 2500;

    /** A daily cycle with noise and one spike of eight standard deviations at {@link #SPIKE}. */
    static double[] seriesWithSpike(long seed) {
        return seriesWithSpike(seed, 20);
    }

    static double[] seriesWithSpike(long seed, double amplitude) {
        Random r = new Random(seed);
        double[] v = new double[3000];
        for (int i = 0; i < v.length; i++) {
            v[i] = 100 + amplitude * Math.sin(2 * Math.PI * i / 288.0) + r.nextGaussian();
        }
        v[SPIKE] += 40;
        return v;
    }

    static double[] scores(Algorithm a, double[] v, int from, int to) {
        double[] s = new double[to - from];
        for (int i = from; i < to; i++) {
            s[i - from] = a.score(i * STEP, v[i], true).score();
        }
        return s;
    }

    @ParameterizedTest
    @ValueSource(strings = {"zscore", "mad", "seasonal", "holt_winters", "rcf", "ensemble"})
    void theKnownSpikeScoresHighestAndAboveTheDefaultThreshold(String name) {
        // the context-free models (statistics, a forest over single values, the default ensemble of both
        // kinds) get a flat noisy series; the seasonal ones a daily cycle
        boolean seasonal = name.equals("seasonal") || name.equals("holt_winters");
        double[] v = seriesWithSpike(7, seasonal ? 20 : 0);
        double[] s = scores(Algorithms.create(name, Map.of()), v, 0, v.length);
        int argmax = 0;
        for (int i = 1000; i < s.length; i++) {
            if (s[i] > s[argmax] || argmax < 1000) {
                argmax = i;
            }
        }
        assertThat(argmax).as(name).isBetween(SPIKE, SPIKE + 10);
        double threshold = org.nself.anomaly.threshold.ThresholdConfig.defaultScoreFor(name, Map.of());
        assertThat(s[argmax]).as(name).isGreaterThanOrEqualTo(threshold);
        long quietAlarms = 0;
        for (int i = 1000; i < SPIKE; i++) {
            quietAlarms += s[i] >= threshold ? 1 : 0;
        }
        // at most 2% of 1,500 ordinary points reach the default threshold (the cooldown rule thins them further)
        assertThat(quietAlarms).as(name + " alarms on the normal stretch").isLessThanOrEqualTo(30);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {"zscore", "mad", "seasonal", "holt_winters", "threshold", "context", "rcf", "ensemble", "mixed"})
    void aRestoredAlgorithmScoresExactlyAsAnUninterruptedOne(String name) {
        // the forest keeps a checkpoint and the values since (Rcf), so it is exact too: restores on and off a
        // checkpoint boundary (every 1,000 updates), before the first one, and several in a row; "mixed" is
        // an ensemble without a forest, with a context boost
        Map<String, Object> params =
                switch (name) {
                    case "threshold" -> Map.of("upper", 130.0);
                    case "mixed" ->
                        Map.of(
                                "members",
                                List.of(Map.of("algorithm", "seasonal"), Map.of("algorithm", "mad")),
                                "context_boost",
                                0.5);
                    default -> Map.of();
                };
        String algorithm = name.equals("mixed") ? "ensemble" : name;
        double[] v = seriesWithSpike(11);
        double[] whole = scores(Algorithms.create(algorithm, params), v, 0, v.length);

        for (int[] restarts : List.of(
                new int[] {1700}, new int[] {2000}, new int[] {300, 999, 1000, 1001, 1700, 2000, 2001, 2500, 2999})) {
            Algorithm a = Algorithms.create(algorithm, params);
            int from = 0;
            for (int restart : restarts) {
                double[] s = scores(a, v, from, restart);
                for (int i = from; i < restart; i++) {
                    assertThat(s[i - from])
                            .as(name + " at " + i + " after restarts " + restart)
                            .isEqualTo(whole[i]);
                }
                a = Algorithms.restore(algorithm, params, Algorithms.stateOf(a));
                assertThat(a.seen()).isEqualTo(restart);
                from = restart;
            }
            double[] rest = scores(a, v, from, v.length);
            for (int i = from; i < v.length; i++) {
                assertThat(rest[i - from]).as(name + " at " + i).isEqualTo(whole[i]);
            }
        }
    }

    @Test
    void aRestoredForestKeepsWhatItLearned() {
        double[] v = seriesWithSpike(13, 0);
        Algorithm first = Algorithms.create("rcf", Map.of());
        scores(first, v, 0, 2000);
        Algorithm resumed = Algorithms.restore("rcf", Map.of(), Algorithms.stateOf(first));
        assertThat(resumed.seen()).isEqualTo(2000);
        double[] rest = scores(resumed, v, 2000, v.length);
        int argmax = 0;
        for (int i = 0; i < rest.length; i++) {
            argmax = rest[i] > rest[argmax] ? i : argmax;
        }
        assertThat(2000 + argmax).isBetween(SPIKE, SPIKE + 10);
    }

    @ParameterizedTest
    @ValueSource(strings = {"zscore", "mad", "seasonal", "holt_winters", "rcf", "context", "ensemble"})
    void scoringWithoutLearningLeavesTheModelUnchanged(String name) {
        double[] v = seriesWithSpike(17);
        Algorithm a = Algorithms.create(name, Map.of());
        scores(a, v, 0, 1500);
        byte[] before = Algorithms.stateOf(a);
        a.score(1000 * STEP, 1e6, false);
        a.score(1400 * STEP, -1e6, false);
        assertThat(Algorithms.stateOf(a)).isEqualTo(before);
    }

    @Test
    void scoresAreAlwaysWithinZeroAndOne() {
        Random r = new Random(3);
        for (String name : List.of("zscore", "mad", "seasonal", "holt_winters", "context", "ensemble")) {
            Algorithm a = Algorithms.create(
                    name,
                    Map.of("calibration_learning", 10.0).entrySet().stream()
                            .filter(e -> !name.equals("ensemble"))
                            .collect(java.util.stream.Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue)));
            List<Double> out = new ArrayList<>();
            for (int i = 0; i < 2000; i++) {
                double x = r.nextInt(10) == 0 ? r.nextGaussian() * 1e12 : (i % 50 == 0 ? 0 : r.nextGaussian());
                out.add(a.score(i * STEP, x, true).score());
            }
            assertThat(out).as(name).allSatisfy(s -> assertThat(s).isBetween(0.0, 1.0));
        }
    }

    /**
     * A sawtooth that climbs through its range in 24 steps, then drops, with noise; at {@link #SPIKE} two
     * neighbouring steps are swapped. Every value stays inside the usual range (no magnitude model
     * sees it), but the order is new: the context model scores it highest, above the default threshold.
     */
    @Test
    void theContextModelFindsAFamiliarValueInAnUnfamiliarOrder() {
        Random r = new Random(5);
        double[] v = new double[3000];
        for (int i = 0; i < v.length; i++) {
            v[i] = 10 * (i % 24) + 0.5 * r.nextGaussian();
        }
        int at = SPIKE - SPIKE % 24 + 5; // swap steps 5 and 17 of one tooth
        double t = v[at];
        v[at] = v[at + 12];
        v[at + 12] = t;
        double[] s = scores(Algorithms.create("context", Map.of()), v, 0, v.length);
        int argmax = 1000;
        for (int i = 1000; i < s.length; i++) {
            argmax = s[i] > s[argmax] ? i : argmax;
        }
        assertThat(argmax).isBetween(at, at + 12);
        assertThat(s[argmax]).isGreaterThanOrEqualTo(org.nself.anomaly.threshold.ThresholdConfig.DEFAULT_SCORE);
        long quietAlarms = 0;
        for (int i = 1000; i < at; i++) {
            quietAlarms += s[i] >= org.nself.anomaly.threshold.ThresholdConfig.DEFAULT_SCORE ? 1 : 0;
        }
        assertThat(quietAlarms).isLessThanOrEqualTo(5);
        // the rate-of-change models see only ordinary values there
        double[] z = scores(Algorithms.create("zscore", Map.of()), v, 0, v.length);
        assertThat(z[at]).isLessThan(s[argmax]);
    }

    /**
     * On plain noise a spike is a new level, so the context model ranks it first too, but noise keeps
     * producing new sequences: alone it does not reach the default threshold there (the ensemble does).
     */
    @Test
    void theContextModelRanksASpikeFirst() {
        double[] v = seriesWithSpike(7, 0);
        double[] s = scores(Algorithms.create("context", Map.of()), v, 0, v.length);
        int argmax = 1000;
        for (int i = 1000; i < s.length; i++) {
            argmax = s[i] > s[argmax] ? i : argmax;
        }
        assertThat(argmax).isEqualTo(SPIKE);
    }

    @Test
    void theContextBoostRaisesOnlyWhatTheMembersAlreadyFind() {
        double[] v = seriesWithSpike(19, 0);
        Map<String, Object> members = Map.of("members", List.of(Map.of("algorithm", "mad")));
        Algorithm plain = Algorithms.create("ensemble", Map.of("members", members.get("members"), "context_boost", 0));
        Algorithm boosted = Algorithms.create("ensemble", members);
        double[] a = scores(plain, v, 0, v.length);
        double[] b = scores(boosted, v, 0, v.length);
        for (int i = 0; i < v.length; i++) {
            assertThat(b[i]).as("at " + i).isBetween(a[i], 1 - (1 - a[i]) * (1 - a[i]));
        }
        assertThat(b[SPIKE]).isGreaterThan(a[SPIKE]);
    }

    @Test
    void theStaticThresholdFlagsOnlyValuesOutsideItsBounds() {
        Algorithm t = Algorithms.create("threshold", Map.of("lower", 10.0, "upper", 20.0));
        assertThat(t.score(0, 15, true).score()).isZero();
        assertThat(t.score(1, 25, true).score()).isEqualTo(1.0);
        assertThat(t.score(2, 5, true).score()).isEqualTo(1.0);
        assertThat(t.score(3, 25, true).upper()).isEqualTo(20.0);
    }

    @Test
    void badParametersAreRefusedNamingTheField() {
        assertThatThrownBy(() -> Algorithms.create("zscore", Map.of("window", 1.0)))
                .isInstanceOf(Params.InvalidParams.class)
                .extracting(e -> ((Params.InvalidParams) e).field())
                .isEqualTo("params.window");
        assertThatThrownBy(() -> Algorithms.create("threshold", Map.of())).isInstanceOf(Params.InvalidParams.class);
        assertThatThrownBy(() ->
                        Algorithms.create("ensemble", Map.of("members", List.of(Map.of("algorithm", "ensemble")))))
                .isInstanceOf(Params.InvalidParams.class);
        assertThatThrownBy(() -> Algorithms.create("rcf", Map.of("trees", 10_000.0)))
                .isInstanceOf(Params.InvalidParams.class);
    }

    /** Five context members, each at its own largest {@code memory}: about 80 MiB of hash tables together. */
    static final Map<String, Object> MAXIMAL_MEMORY_ENSEMBLE = Map.of(
            "members",
            java.util.Collections.nCopies(5, Map.of("algorithm", "context", "params", Map.of("memory", 262_144))));

    @Test
    void aModelOverTheBudgetIsRefusedNamingTheParameterThatCrossedIt() {
        assertThatThrownBy(() -> Algorithms.create("ensemble", MAXIMAL_MEMORY_ENSEMBLE))
                .isInstanceOf(Params.InvalidParams.class)
                .hasMessageContaining("at most 32 MiB")
                .extracting(e -> ((Params.InvalidParams) e).field())
                .isEqualTo("params.members[1].params.memory");
        // every parameter within its own bound, the product not: 200 trees × 2,048 points × shingles of 64
        assertThatThrownBy(
                        () -> Algorithms.create("rcf", Map.of("trees", 200, "sample_size", 2048, "shingle_size", 64)))
                .isInstanceOf(Params.InvalidParams.class)
                .extracting(e -> ((Params.InvalidParams) e).field())
                .isEqualTo("params.trees");
        assertThatThrownBy(() -> Algorithms.create("context", Map.of("memory", 1 << 20)))
                .isInstanceOf(Params.InvalidParams.class)
                .hasMessageContaining("between 64 and 262144");
    }

    @Test
    void theBudgetIsCountedBeforeTheModelIsAllocated() {
        Params p = new Params(Map.of("memory", 262_144), "params");
        Params member = p.nested(Map.of("memory", 262_144), "params.members[0].params");

        p.reserve("memory", 20L << 20);

        assertThatThrownBy(() -> new Context(member))
                .isInstanceOf(Params.InvalidParams.class)
                .extracting(e -> ((Params.InvalidParams) e).field())
                .isEqualTo("params.members[0].params.memory");
        // only the reservation that crossed the bound was counted: nothing was built
        assertThat(p.reservedBytes()).isEqualTo((20L << 20) + 16L * (1 << 20));
    }

    @Test
    void largeButBoundedModelsAndTheDefaultsAreAccepted() {
        assertThat(Algorithms.create("ensemble", Map.of())).isNotNull();
        assertThat(Algorithms.create("rcf", Map.of("trees", 200, "sample_size", 2048)))
                .isNotNull();
        assertThat(Algorithms.create("context", Map.of("memory", 262_144))).isNotNull();
        assertThat(Algorithms.create(
                        "ensemble",
                        Map.of(
                                "members",
                                java.util.Collections.nCopies(
                                        5,
                                        Map.of(
                                                "algorithm",
                                                "zscore",
                                                "params",
                                                Map.of("window", 100_000, "calibration_window", 100_000))))))
                .isNotNull();
    }

    @Test
    void aTruncatedStateIsReportedAsCorrupt() {
        Algorithm a = Algorithms.create("mad", Map.of());
        scores(a, seriesWithSpike(1), 0, 100);
        byte[] state = Algorithms.stateOf(a);
        assertThatThrownBy(() -> Algorithms.restore("mad", Map.of(), java.util.Arrays.copyOf(state, state.length / 2)))
                .isInstanceOf(StateIn.CorruptState.class);
    }
}
