package org.nself.anomaly.threshold;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nself.anomaly.algorithm.Estimate;
import org.nself.anomaly.algorithm.Params;
import org.nself.anomaly.algorithm.StateIn;
import org.nself.anomaly.algorithm.StateOut;

class ThresholdRuleTest {
    static final long MINUTE = 60_000;

    static ThresholdRule rule(Object... kv) {
        Map<String, Object> m = new HashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return new ThresholdRule(ThresholdConfig.parse(m));
    }

    /** Point i has the given score and value, expected 100. */
    static List<ThresholdRule.Outcome> run(ThresholdRule rule, double[] scores, double[] values) {
        List<ThresholdRule.Outcome> out = new ArrayList<>();
        for (int i = 0; i < scores.length; i++) {
            out.add(rule.next(i * MINUTE, values[i], new Estimate(scores[i], 0, 100, 90, 110)));
        }
        return out;
    }

    static double[] constant(int n, double v) {
        double[] d = new double[n];
        java.util.Arrays.fill(d, v);
        return d;
    }

    @Test
    void aScoreAtTheThresholdOpensAndConsecutiveOnesContinueTheSameAnomaly() {
        var out = run(rule("score_threshold", 0.8), new double[] {0.1, 0.8, 0.9, 0.95, 0.2}, constant(5, 150));
        assertThat(out)
                .containsExactly(
                        ThresholdRule.Outcome.NORMAL,
                        ThresholdRule.Outcome.OPENS,
                        ThresholdRule.Outcome.CONTINUES,
                        ThresholdRule.Outcome.CONTINUES,
                        ThresholdRule.Outcome.CLOSES);
    }

    @Test
    void directionUpIgnoresDropsAndDownIgnoresRises() {
        double[] scores = {0.9, 0.9};
        double[] values = {150, 50};
        assertThat(run(rule("direction", "up"), scores, values))
                .containsExactly(ThresholdRule.Outcome.OPENS, ThresholdRule.Outcome.CLOSES);
        assertThat(run(rule("direction", "down"), scores, values))
                .containsExactly(ThresholdRule.Outcome.NORMAL, ThresholdRule.Outcome.OPENS);
        assertThat(run(rule("direction", "both"), scores, values))
                .containsExactly(ThresholdRule.Outcome.OPENS, ThresholdRule.Outcome.CONTINUES);
    }

    @Test
    void mOfNNeedsEnoughQualifyingPointsAmongTheLastN() {
        var out = run(rule("min_consecutive", 2, "of_last", 3), new double[] {0.9, 0.1, 0.9, 0.9}, constant(4, 150));
        assertThat(out)
                .containsExactly(
                        ThresholdRule.Outcome.NORMAL,
                        ThresholdRule.Outcome.NORMAL,
                        ThresholdRule.Outcome.OPENS,
                        ThresholdRule.Outcome.CONTINUES);
    }

    @Test
    void minimumAbsoluteAndRelativeDeviationsFilterSmallMoves() {
        assertThat(run(rule("min_abs_deviation", 10.0), new double[] {0.9, 0.9}, new double[] {105, 115}))
                .containsExactly(ThresholdRule.Outcome.NORMAL, ThresholdRule.Outcome.OPENS);
        assertThat(run(rule("min_rel_deviation", 0.2), new double[] {0.9, 0.9}, new double[] {115, 125}))
                .containsExactly(ThresholdRule.Outcome.NORMAL, ThresholdRule.Outcome.OPENS);
    }

    @Test
    void aCooldownSuppressesANewAnomalySoonAfterThePreviousOneEnded() {
        double[] scores = {0.9, 0.1, 0.9, 0.1, 0.1, 0.1, 0.9};
        var out = run(rule("cooldown_seconds", 240), scores, constant(7, 150));
        assertThat(out)
                .containsExactly(
                        ThresholdRule.Outcome.OPENS,
                        ThresholdRule.Outcome.CLOSES,
                        ThresholdRule.Outcome.SUPPRESSED,
                        ThresholdRule.Outcome.NORMAL,
                        ThresholdRule.Outcome.NORMAL,
                        ThresholdRule.Outcome.NORMAL,
                        ThresholdRule.Outcome.OPENS);
    }

    /** Outcomes of points at {@code times} (ms), each with its score, expected 100, value 150. */
    static List<ThresholdRule.Outcome> at(ThresholdRule rule, long[] times, double[] scores) {
        List<ThresholdRule.Outcome> out = new ArrayList<>();
        for (int i = 0; i < times.length; i++) {
            out.add(rule.next(times[i], 150, new Estimate(scores[i], 0, 100, 90, 110)));
        }
        return out;
    }

    @Test
    void aCooldownInIntervalsCountsTheSeriesOwnSamplingInterval() {
        // five-minute samples: 3 intervals are 15 minutes, so a new anomaly 10 minutes after the last
        // anomalous point is suppressed and one 15 minutes after it opens
        long m5 = 5 * MINUTE;
        long[] times = {0, m5, 2 * m5, 3 * m5, 4 * m5, 5 * m5, 6 * m5};
        double[] scores = {0.1, 0.9, 0.1, 0.9, 0.1, 0.1, 0.9};
        assertThat(at(rule("cooldown_intervals", 3), times, scores))
                .containsExactly(
                        ThresholdRule.Outcome.NORMAL,
                        ThresholdRule.Outcome.OPENS,
                        ThresholdRule.Outcome.CLOSES,
                        ThresholdRule.Outcome.SUPPRESSED,
                        ThresholdRule.Outcome.NORMAL,
                        ThresholdRule.Outcome.NORMAL,
                        ThresholdRule.Outcome.OPENS);
    }

    @Test
    void theIntervalIsTheMedianOfRecentGapsSoAMissingStretchDoesNotMoveIt() {
        ThresholdRule r = rule("cooldown_intervals", 10);
        assertThat(r.interval()).isZero();
        long t = 0;
        for (int i = 0; i < 20; i++) {
            r.next(t, 150, new Estimate(0.1, 0, 100, 90, 110));
            t += i == 10 ? 3_600_000 : MINUTE; // one hour missing
        }
        assertThat(r.interval()).isEqualTo(MINUTE);
    }

    @Test
    void theDefaultEnsembleCoolsDownForAHundredIntervalsAndOtherAlgorithmsDoNot() {
        assertThat(ThresholdConfig.defaultCooldownIntervalsFor("ensemble", Map.of()))
                .isEqualTo(100);
        assertThat(ThresholdConfig.defaultCooldownIntervalsFor("ensemble", Map.of("members", List.of())))
                .isZero();
        assertThat(ThresholdConfig.defaultCooldownIntervalsFor("mad", Map.of())).isZero();
        // a threshold stored before the field existed keeps no interval cooldown
        assertThat(ThresholdConfig.parse(Map.of("score_threshold", 0.8)).cooldownIntervals())
                .isZero();
    }

    @Test
    void aRuleStateWrittenBeforeTheIntervalWasKeptIsStillRead() {
        StateOut old =
                new StateOut().writeLong(1).writeLong(5).writeBoolean(true).writeLong(4 * MINUTE);
        ThresholdRule r = rule("cooldown_intervals", 3).read(new StateIn(old.toByteArray()));
        assertThat(r.isOpen()).isTrue();
        assertThat(r.interval()).isZero();
    }

    @Test
    void theIntervalIsPartOfTheStoredState() {
        ThresholdRule first = rule("cooldown_intervals", 3);
        at(first, new long[] {0, MINUTE, 2 * MINUTE}, new double[] {0.1, 0.1, 0.1});
        StateOut out = new StateOut();
        first.write(out);
        ThresholdRule resumed = rule("cooldown_intervals", 3).read(new StateIn(out.toByteArray()));
        assertThat(resumed.interval()).isEqualTo(MINUTE);
    }

    @Test
    void nothingIsAnomalousDuringWarmUp() {
        var out = run(rule("warmup_points", 3), constant(4, 0.99), constant(4, 150));
        assertThat(out)
                .containsExactly(
                        ThresholdRule.Outcome.NORMAL,
                        ThresholdRule.Outcome.NORMAL,
                        ThresholdRule.Outcome.NORMAL,
                        ThresholdRule.Outcome.OPENS);
    }

    @Test
    void theRuleResumesFromItsStoredState() {
        ThresholdRule first = rule("min_consecutive", 2, "of_last", 2);
        run(first, new double[] {0.9}, constant(1, 150));
        StateOut out = new StateOut();
        first.write(out);
        ThresholdRule resumed = rule("min_consecutive", 2, "of_last", 2).read(new StateIn(out.toByteArray()));
        assertThat(resumed.next(MINUTE, 150, new Estimate(0.9, 0, 100, 90, 110)))
                .isEqualTo(ThresholdRule.Outcome.OPENS);
    }

    @Test
    void badThresholdSettingsAreRefused() {
        assertThatThrownBy(() -> rule("score_threshold", 1.5)).isInstanceOf(Params.InvalidParams.class);
        assertThatThrownBy(() -> rule("min_consecutive", 3, "of_last", 2)).isInstanceOf(Params.InvalidParams.class);
        assertThatThrownBy(() -> rule("cooldown", 3)).isInstanceOf(Params.InvalidParams.class);
        assertThatThrownBy(() -> rule("direction", "left")).isInstanceOf(Params.InvalidParams.class);
    }
}
