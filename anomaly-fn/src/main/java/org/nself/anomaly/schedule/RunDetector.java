package org.nself.anomaly.schedule;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.transaction.TransactionOperations;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.nself.anomaly.detector.Detector;
import org.nself.anomaly.detector.DetectorKey;
import org.nself.anomaly.detector.DetectorRepository;
import org.nself.anomaly.detector.DetectorStatus;
import org.nself.anomaly.scoring.AnomalyNotifier;
import org.nself.anomaly.scoring.ScoreSeries;
import org.nself.anomaly.source.FetchedSeries;
import org.nself.anomaly.source.SourceConfig;
import org.nself.anomaly.source.SourceFailure;
import org.nself.anomaly.source.SourceFetcher;
import org.nself.shared.error.ApiException;
import org.nself.shared.error.DatabaseFailures;
import org.nself.shared.error.ErrorCode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One pull of a scheduled detector: fetch from its source since the watermark, score each series it
 * answers (up to the detector's {@code max_entities}) with its own model after its own watermark, store,
 * advance the detector's watermark (the newest point of any series) and the next run. A failing source marks the detector {@code error} with the reason,
 * keeps the watermark and schedules the retry. The detector row stays locked for the whole run, so a
 * detector is run by one instance at a time and, within a tick, once.
 */
@Singleton
public record RunDetector(
        TransactionOperations<Connection> tx,
        DetectorRepository detectors,
        SourceFetcher fetcher,
        ScoreSeries scoring) {
    private static final Logger LOG = LoggerFactory.getLogger(RunDetector.class);

    /**
     * What a run did: points fetched, scored and anomalous over all its series; {@code entities} the series
     * scored, {@code entitiesSkipped} those over the detector's {@code max_entities} or with labels that
     * cannot be stored, the first {@value SeriesCap#NAMED} of them named in {@code skippedEntities}.
     */
    @Serdeable
    public record RunResult(
            String detectorId,
            int fetched,
            int scored,
            int anomalous,
            @Nullable Instant watermark,
            String status,
            @Nullable String error,
            int entities,
            int entitiesSkipped,
            List<String> skippedEntities) {
        static RunResult failed(String detectorId, @Nullable Instant watermark, String error) {
            return new RunResult(detectorId, 0, 0, 0, watermark, "error", error, 0, 0, List.of());
        }
    }

    /** Runs one detector that falls due before {@code dueBefore} (the end of the tick) and that no other instance holds; empty when none is left. */
    Optional<RunResult> runDue(Instant tick, Instant dueBefore) {
        List<AnomalyNotifier.Opened> opened = new ArrayList<>();
        DetectorKey[] picked = new DetectorKey[1];
        try {
            return tx.executeWrite(s -> {
                Optional<DetectorKey> due = detectors.nextDue(dueBefore);
                if (due.isEmpty()) {
                    return Optional.empty();
                }
                picked[0] = due.get();
                Detector d = detectors
                        .lock(picked[0].sourceAccountId(), picked[0].id())
                        .orElseThrow();
                return Optional.of(runLocked(s.getConnection(), d, tick, opened));
            });
        } catch (RuntimeException e) {
            if (picked[0] == null || DatabaseFailures.isDatabaseUnavailable(e)) {
                throw e;
            }
            // the run rolled back: record why and move the detector past this tick so the loop goes on
            String reason = ("run failed: " + e.getMessage())
                    .substring(0, Math.min(500, ("run failed: " + e.getMessage()).length()));
            tx.executeWrite(s -> {
                detectors.markFailed(picked[0].sourceAccountId(), picked[0].id(), reason, tick);
                return null;
            });
            return Optional.of(RunResult.failed(picked[0].id(), null, reason));
        }
    }

    /** {@code POST /api/v1/detectors/{id}/run}: waits for the row if a tick holds it, then runs. */
    public RunResult runNow(String account, String id) {
        List<AnomalyNotifier.Opened> opened = new ArrayList<>();
        return tx.executeWrite(s -> {
            Detector d = detectors.lock(account, id).orElseThrow(() -> ApiException.notFound("detector"));
            if (d.spec().source() instanceof SourceConfig.Push) {
                throw new ApiException(
                        ErrorCode.CONFLICT, "detector " + id + " is a push detector; it has nothing to pull");
            }
            if (!d.spec().enabled()) {
                throw new ApiException(ErrorCode.CONFLICT, "detector " + id + " is paused");
            }
            return runLocked(s.getConnection(), d, Instant.now(), opened);
        });
    }

    private RunResult runLocked(Connection c, Detector d, Instant tick, List<AnomalyNotifier.Opened> opened) {
        Instant now = Instant.now();
        Instant next = tick.plusSeconds(
                d.spec().scheduleSeconds() == null ? 60 : d.spec().scheduleSeconds());
        List<FetchedSeries> fetched;
        try {
            fetched = fetcher.fetch(d.account(), d.spec().source(), d.watermark(), now);
        } catch (SourceFailure e) {
            detectors.recordRun(d, DetectorStatus.ERROR, e.getMessage(), d.watermark(), now, next);
            return RunResult.failed(d.id(), d.watermark(), e.getMessage());
        }
        int max = d.spec().source().maxEntities();
        SeriesCap admitted = SeriesCap.admit(fetched, fetched.size() > 1 ? scoring.known(c, d) : Set.of(), max);
        if (admitted.skipped() > 0) {
            LOG.warn(
                    "detector {} of {}: {} series skipped (max_entities {}), e.g. {}",
                    d.id(),
                    d.account(),
                    admitted.skipped(),
                    max,
                    admitted.skippedNamed());
        }
        Instant watermark = d.watermark();
        int points = fetched.stream().mapToInt(f -> f.points().size()).sum();
        int scored = 0;
        int anomalous = 0;
        long learned = d.pointsLearned();
        for (FetchedSeries series : admitted.scored()) {
            ScoreSeries.SeriesRun run = scoring.score(c, d, series, opened);
            scored += run.scored();
            anomalous += run.anomalous();
            learned = Math.max(learned, run.learned());
            if (run.watermark() != null && (watermark == null || run.watermark().isAfter(watermark))) {
                watermark = run.watermark();
            }
        }
        // the detector is warm once its best-known series is
        DetectorStatus status = DetectorStatus.warming(learned, d.warmupPoints());
        detectors.recordRun(d, status, null, watermark, now, next);
        return new RunResult(
                d.id(),
                points,
                scored,
                anomalous,
                watermark,
                status.wire(),
                null,
                admitted.scored().size(),
                admitted.skipped(),
                admitted.skippedNamed());
    }
}
