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
import org.nself.anomaly.detector.Detector;
import org.nself.anomaly.detector.DetectorRepository;
import org.nself.anomaly.detector.DetectorStatus;
import org.nself.anomaly.threshold.ThresholdRule;
import org.nself.shared.error.ApiException;
import org.nself.shared.error.ErrorCode;

/**
 * Scores a batch of points for one detector inside one transaction: lock the detector row, restore the
 * series' model (the detector's own for its default series), score new points in time order (duplicates answer what was stored, late points are scored
 * without learning), merge anomalous runs into anomalies, store points, anomalies and the model.
 */
@Singleton
public record ScorePoints(
        TransactionOperations<Connection> tx,
        DetectorRepository detectors,
        DataPointRepository points,
        EventRepository events,
        List<AnomalyNotifier> notifiers) {
    /** One incoming point. */
    public record Incoming(Instant timestamp, double value) {}

    /** The answer for each point, in the order the caller sent them. */
    public List<PointResultView> score(String account, String detectorId, List<Incoming> incoming) {
        List<AnomalyNotifier.Opened> opened = new ArrayList<>();
        return tx.executeWrite(s -> scoreLocked(s.getConnection(), account, detectorId, incoming, opened));
    }

    private List<PointResultView> scoreLocked(
            Connection c,
            String account,
            String detectorId,
            List<Incoming> incoming,
            List<AnomalyNotifier.Opened> opened) {
        Detector d =
                detectors.lock(account, detectorId).orElseThrow(() -> ApiException.notFound("detector " + detectorId));
        if (!d.spec().enabled()) {
            throw new ApiException(ErrorCode.CONFLICT, "detector " + detectorId + " is paused; enable it to ingest");
        }
        Scored scored = scoreSeries(c, d, SeriesModel.of(d), incoming, opened);
        detectors.saveModel(
                d,
                scored.model().state(),
                scored.model().ruleState(),
                scored.model().learned(),
                scored.model().lastTimestamp(),
                DetectorStatus.warming(scored.model().learned(), d.warmupPoints()));
        return scored.results();
    }

    /** The answers in the order sent, and the series' model after them (its watermark as it was). */
    record Scored(List<PointResultView> results, SeriesModel model) {}

    /**
     * Scores one series of a locked detector with its model {@code m}; stores its points and anomalies
     * (the caller stores the model).
     */
    Scored scoreSeries(
            Connection c, Detector d, SeriesModel m, List<Incoming> incoming, List<AnomalyNotifier.Opened> opened) {
        String account = d.account();
        String detectorId = d.id();
        String entity = m.entity().key();
        // one value per timestamp: the first sent wins, like a stored point does
        Map<Instant, Incoming> unique = new LinkedHashMap<>();
        for (Incoming p : incoming) {
            unique.putIfAbsent(p.timestamp(), p);
        }
        Map<Instant, PointView> stored =
                points.existing(c, account, detectorId, entity, new ArrayList<>(unique.keySet()));
        List<Incoming> fresh = unique.values().stream()
                .filter(p -> !stored.containsKey(p.timestamp()))
                .sorted(Comparator.comparing(Incoming::timestamp))
                .toList();
        ScoringRun run = ScoringRun.restore(d, m);
        EventDraft open = events.findOpen(c, account, detectorId, m.entity()).orElse(null);
        List<EventDraft> touched = new ArrayList<>();
        Map<Instant, ScoringRun.Scored> scored = new LinkedHashMap<>();
        Map<Instant, UUID> anomalyOf = new LinkedHashMap<>();
        for (Incoming p : fresh) {
            ScoringRun.Scored s = run.next(p.timestamp(), p.value());
            scored.put(p.timestamp(), s);
            switch (s.outcome()) {
                case OPENS, CONTINUES -> {
                    if (s.outcome() == ThresholdRule.Outcome.OPENS && open != null) {
                        open.status = "closed";
                        touch(touched, open);
                        open = null;
                    }
                    if (open == null) {
                        open = EventDraft.opening(UUID.randomUUID(), d, m.entity(), s);
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
        points.insert(c, account, detectorId, entity, d.version(), new ArrayList<>(scored.values()));
        for (EventDraft e : touched) {
            events.save(c, account, e);
        }
        for (AnomalyNotifier n : notifiers) {
            n.opened(c, account, detectorId, opened);
        }
        List<PointResultView> out = new ArrayList<>(incoming.size());
        for (Incoming p : incoming) {
            PointView old = stored.get(p.timestamp());
            if (old != null) {
                out.add(PointResultView.stored(detectorId, old));
                continue;
            }
            ScoringRun.Scored s = scored.get(p.timestamp());
            boolean duplicateInBatch = unique.get(p.timestamp()) != p;
            out.add(PointResultView.scored(detectorId, s, duplicateInBatch, anomalyOf.get(s.timestamp())));
        }
        SeriesModel after = new SeriesModel(
                m.entity(), run.modelState(), run.ruleState(), run.algorithm().seen(), run.newest(), m.watermark());
        return new Scored(out, after);
    }

    private static void touch(List<EventDraft> touched, EventDraft e) {
        if (!touched.contains(e)) {
            touched.add(e);
        }
    }
}
