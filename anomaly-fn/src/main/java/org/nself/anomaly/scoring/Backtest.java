package org.nself.anomaly.scoring;

import io.micronaut.serde.annotation.Serdeable;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.nself.anomaly.algorithm.Algorithms;
import org.nself.anomaly.source.Entity;
import org.nself.anomaly.threshold.ThresholdConfig;
import org.nself.anomaly.threshold.ThresholdRule;

/** Runs a configuration over points without saving anything: the anomalies it would have raised. */
public final class Backtest {
    private Backtest() {}

    /** One anomaly the configuration would have raised. */
    @Serdeable
    public record Range(
            Instant startedAt, Instant endedAt, double peakScore, int pointCount, String direction, String severity) {}

    /** What a backtest found. */
    @Serdeable
    public record Outcome(int pointsScored, int anomalousPoints, List<Range> anomalies) {}

    public static Outcome run(
            String algorithm, Map<String, Object> params, ThresholdConfig threshold, List<ScorePoints.Incoming> input) {
        List<ScorePoints.Incoming> points = new ArrayList<>(input);
        points.sort(Comparator.comparing(ScorePoints.Incoming::timestamp));
        ScoringRun run = new ScoringRun(Algorithms.create(algorithm, params), new ThresholdRule(threshold), null);
        List<Range> ranges = new ArrayList<>();
        EventDraft open = null;
        int anomalous = 0;
        int scored = 0;
        for (ScorePoints.Incoming p : points) {
            ScoringRun.Scored s = run.next(p.timestamp(), p.value());
            if (s.late()) {
                continue;
            }
            scored++;
            if (s.anomalous()) {
                anomalous++;
                if (s.outcome() == ThresholdRule.Outcome.OPENS || open == null) {
                    if (open != null) {
                        ranges.add(range(open));
                    }
                    open = EventDraft.opening(null, "", Entity.DEFAULT, s, 0, algorithm, params);
                }
                open.add(s);
            } else if (open != null) {
                ranges.add(range(open));
                open = null;
            }
        }
        if (open != null) {
            ranges.add(range(open));
        }
        return new Outcome(scored, anomalous, ranges);
    }

    private static Range range(EventDraft e) {
        return new Range(
                e.startedAt,
                e.endedAt,
                e.peakScore,
                e.pointCount,
                e.direction,
                Severity.of(e.peakScore).wire());
    }
}
