package org.nself.anomaly.scoring;

import jakarta.inject.Singleton;
import java.sql.Connection;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.nself.anomaly.detector.Detector;
import org.nself.anomaly.detector.DetectorRepository;
import org.nself.anomaly.detector.DetectorStatus;
import org.nself.anomaly.source.FetchedSeries;

/**
 * Scores one pulled series of a scheduled detector whose row the caller holds locked: the points after
 * the series' own watermark, with the series' own model (the detector row's for the default series, an
 * {@code np_anomaly_entities} row for one with labels), stored with it.
 */
@Singleton
public record ScoreSeries(ScorePoints scoring, EntityRepository entities, DetectorRepository detectors) {
    /** What a run did to one series: points scored and anomalous, its watermark and points learned after it. */
    public record SeriesRun(int scored, int anomalous, Instant watermark, long learned) {}

    /** The keys of the detector's series that already have a model. */
    public Set<String> known(Connection c, Detector d) {
        return entities.all(c, d.account(), d.id()).stream()
                .map(m -> m.entity().key())
                .collect(Collectors.toSet());
    }

    public SeriesRun score(Connection c, Detector d, FetchedSeries series, List<AnomalyNotifier.Opened> opened) {
        SeriesModel model = series.entity().isDefault()
                ? SeriesModel.of(d)
                : entities.find(c, d.account(), d.id(), series.entity()).orElse(SeriesModel.fresh(series.entity()));
        Instant since = model.watermark();
        List<ScorePoints.Incoming> incoming = series.points().stream()
                .filter(p -> since == null || p.timestamp().isAfter(since))
                .map(p -> new ScorePoints.Incoming(p.timestamp(), p.value()))
                .toList();
        if (incoming.isEmpty()) {
            return new SeriesRun(0, 0, since, model.learned());
        }
        ScorePoints.Scored scored = scoring.scoreSeries(c, d, model, incoming, opened);
        Instant watermark = since;
        for (ScorePoints.Incoming p : incoming) {
            watermark = watermark == null || p.timestamp().isAfter(watermark) ? p.timestamp() : watermark;
        }
        SeriesModel after = scored.model();
        if (series.entity().isDefault()) {
            // the default series keeps its model where single-series detectors always had it
            detectors.saveModel(
                    d,
                    after.state(),
                    after.ruleState(),
                    after.learned(),
                    after.lastTimestamp(),
                    DetectorStatus.warming(after.learned(), d.warmupPoints()));
        } else {
            entities.save(
                    c,
                    d.account(),
                    d.id(),
                    new SeriesModel(
                            after.entity(),
                            after.state(),
                            after.ruleState(),
                            after.learned(),
                            after.lastTimestamp(),
                            watermark));
        }
        int anomalous = (int) scored.results().stream()
                .filter(r -> r.point().isAnomaly() && !r.duplicate())
                .count();
        return new SeriesRun(scored.results().size(), anomalous, watermark, after.learned());
    }
}
