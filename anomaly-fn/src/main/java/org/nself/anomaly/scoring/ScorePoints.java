package org.nself.anomaly.scoring;

import io.micronaut.transaction.TransactionOperations;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.nself.anomaly.algorithm.Algorithm;
import org.nself.anomaly.algorithm.Algorithms;
import org.nself.anomaly.algorithm.StateIn;
import org.nself.anomaly.algorithm.StateOut;
import org.nself.anomaly.detector.Detector;
import org.nself.anomaly.detector.DetectorRepository;
import org.nself.anomaly.detector.DetectorStatus;
import org.nself.anomaly.threshold.ThresholdRule;
import org.nself.shared.error.ApiException;
import org.nself.shared.error.ErrorCode;

/**
 * Scores a batch of points for one detector inside one transaction: lock the detector row, restore its
 * model, score new points in time order (duplicates answer what was stored, late points are scored
 * without learning), merge anomalous runs into anomalies, store points, anomalies and the model.
 */
@Singleton
public final class ScorePoints {
    /** Points replayed when a configuration change retrains a detector. */
    public static final int RETRAIN_POINTS = 50_000;

    private final TransactionOperations<Connection> tx;
    private final DetectorRepository detectors;
    private final DataPointRepository points;
    private final EventRepository events;
    private final List<AnomalyNotifier> notifiers;

    ScorePoints(
            TransactionOperations<Connection> tx,
            DetectorRepository detectors,
            DataPointRepository points,
            EventRepository events,
            List<AnomalyNotifier> notifiers) {
        this.tx = tx;
        this.detectors = detectors;
        this.points = points;
        this.events = events;
        this.notifiers = notifiers;
    }

    /** One incoming point. */
    public record Incoming(Instant timestamp, double value) {}

    /** The answer for one point, in the order the caller sent them. */
    public record Result(
            String detectorId,
            Instant timestamp,
            double value,
            double score,
            boolean anomaly,
            Double expected,
            Double lower,
            Double upper,
            boolean late,
            boolean duplicate,
            UUID anomalyId) {}

    public List<Result> score(String account, String detectorId, List<Incoming> incoming) {
        List<AnomalyNotifier.Opened> opened = new ArrayList<>();
        return tx.executeWrite(s -> scoreLocked(s.getConnection(), account, detectorId, incoming, opened, false));
    }

    /** For scheduled runs: the caller holds the transaction and the lock. */
    public List<Result> scoreInTransaction(
            Connection c,
            String account,
            String detectorId,
            List<Incoming> incoming,
            List<AnomalyNotifier.Opened> opened) {
        return scoreLocked(c, account, detectorId, incoming, opened, true);
    }

    private List<Result> scoreLocked(
            Connection c,
            String account,
            String detectorId,
            List<Incoming> incoming,
            List<AnomalyNotifier.Opened> opened,
            boolean scheduled) {
        Detector d = detectors
                .lock(c, account, detectorId)
                .orElseThrow(() -> ApiException.notFound("detector " + detectorId));
        if (!d.enabled()) {
            throw new ApiException(ErrorCode.CONFLICT, "detector " + detectorId + " is paused; enable it to ingest");
        }
        // one value per timestamp: the first sent wins, like a stored point does
        Map<Instant, Incoming> unique = new LinkedHashMap<>();
        for (Incoming p : incoming) {
            unique.putIfAbsent(p.timestamp(), p);
        }
        Map<Instant, DataPointRepository.StoredPoint> stored =
                points.existing(c, account, detectorId, new ArrayList<>(unique.keySet()));
        List<Incoming> fresh = unique.values().stream()
                .filter(p -> !stored.containsKey(p.timestamp()))
                .sorted(Comparator.comparing(Incoming::timestamp))
                .toList();
        ScoringRun run = restore(d);
        EventDraft open = events.findOpen(c, account, detectorId).orElse(null);
        List<EventDraft> touched = new ArrayList<>();
        Map<Instant, ScoringRun.Scored> scored = new LinkedHashMap<>();
        Map<Instant, UUID> anomalyOf = new LinkedHashMap<>();
        for (Incoming p : fresh) {
            ScoringRun.Scored s = run.next(p.timestamp(), p.value());
            scored.put(p.timestamp(), s);
            switch (s.outcome()) {
                case OPENS -> {
                    if (open != null) {
                        open.status = "closed";
                        touch(touched, open);
                    }
                    open = new EventDraft(
                            UUID.randomUUID(),
                            detectorId,
                            true,
                            s.timestamp(),
                            s.timestamp(),
                            0,
                            s.value(),
                            s.estimate().expected(),
                            0,
                            "up",
                            "open",
                            d.version(),
                            d.algorithm(),
                            d.params());
                    open.add(s);
                    touch(touched, open);
                    opened.add(new AnomalyNotifier.Opened(
                            open.id,
                            s.timestamp(),
                            s.estimate().score(),
                            s.value(),
                            s.estimate().expected()));
                    anomalyOf.put(s.timestamp(), open.id);
                }
                case CONTINUES -> {
                    if (open == null) {
                        open = new EventDraft(
                                UUID.randomUUID(),
                                detectorId,
                                true,
                                s.timestamp(),
                                s.timestamp(),
                                0,
                                s.value(),
                                s.estimate().expected(),
                                0,
                                "up",
                                "open",
                                d.version(),
                                d.algorithm(),
                                d.params());
                        opened.add(new AnomalyNotifier.Opened(
                                open.id,
                                s.timestamp(),
                                s.estimate().score(),
                                s.value(),
                                s.estimate().expected()));
                    }
                    open.add(s);
                    touch(touched, open);
                    anomalyOf.put(s.timestamp(), open.id);
                }
                case CLOSES -> {
                    if (open != null) {
                        open.status = "closed";
                        touch(touched, open);
                        open = null;
                    }
                }
                default -> {}
            }
        }
        points.insert(c, account, detectorId, d.version(), new ArrayList<>(scored.values()));
        for (EventDraft e : touched) {
            events.save(c, account, e);
        }
        for (AnomalyNotifier n : notifiers) {
            n.opened(c, account, detectorId, opened);
        }
        StateOut rule = new StateOut();
        run.rule().write(rule);
        long learned = run.algorithm().seen();
        DetectorStatus status = learned >= d.warmupPoints() ? DetectorStatus.ACTIVE : DetectorStatus.LEARNING;
        detectors.saveModel(
                c, d, Algorithms.stateOf(run.algorithm()), rule.toByteArray(), learned, run.newest(), status);
        List<Result> out = new ArrayList<>(incoming.size());
        for (Incoming p : incoming) {
            DataPointRepository.StoredPoint old = stored.get(p.timestamp());
            if (old != null) {
                out.add(new Result(
                        detectorId,
                        p.timestamp(),
                        old.value(),
                        old.score(),
                        old.anomaly(),
                        old.expected(),
                        old.lower(),
                        old.upper(),
                        old.late(),
                        true,
                        null));
                continue;
            }
            ScoringRun.Scored s = scored.get(p.timestamp());
            boolean duplicateInBatch = unique.get(p.timestamp()) != p;
            out.add(new Result(
                    detectorId,
                    s.timestamp(),
                    s.value(),
                    s.estimate().score(),
                    s.anomalous(),
                    s.estimate().expected(),
                    s.estimate().lower(),
                    s.estimate().upper(),
                    s.late(),
                    duplicateInBatch,
                    anomalyOf.get(s.timestamp())));
        }
        return out;
    }

    private static void touch(List<EventDraft> touched, EventDraft e) {
        if (!touched.contains(e)) {
            touched.add(e);
        }
    }

    /** The detector's model and rule as stored, or fresh when there is none (or it cannot be read). */
    public static ScoringRun restore(Detector d) {
        Algorithm algorithm;
        ThresholdRule rule = new ThresholdRule(d.threshold());
        if (d.state() == null) {
            algorithm = Algorithms.create(d.algorithm(), d.params());
        } else {
            try {
                algorithm = Algorithms.restore(d.algorithm(), d.params(), d.state());
                if (d.ruleState() != null) {
                    rule.read(new StateIn(d.ruleState()));
                }
            } catch (StateIn.CorruptState e) {
                algorithm = Algorithms.create(d.algorithm(), d.params());
                rule = new ThresholdRule(d.threshold());
            }
        }
        return new ScoringRun(algorithm, rule, d.lastTimestamp());
    }

    /**
     * A fresh model trained on the detector's latest stored points (after a configuration change):
     * returns the state, the rule state and how many points it learned.
     */
    public Retrained retrain(Connection c, Detector d) {
        ScoringRun run =
                new ScoringRun(Algorithms.create(d.algorithm(), d.params()), new ThresholdRule(d.threshold()), null);
        for (DataPointRepository.StoredPoint p : points.latest(c, d.account(), d.id(), RETRAIN_POINTS)) {
            run.next(p.timestamp(), p.value());
        }
        StateOut rule = new StateOut();
        run.rule().write(rule);
        return new Retrained(
                Algorithms.stateOf(run.algorithm()),
                rule.toByteArray(),
                run.algorithm().seen(),
                run.newest());
    }

    /** A retrained model. */
    public record Retrained(byte[] state, byte[] ruleState, long learned, Instant newest) {}
}
