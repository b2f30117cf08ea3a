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
import org.nself.anomaly.detector.Detector;
import org.nself.anomaly.detector.DetectorKey;
import org.nself.anomaly.detector.DetectorRepository;
import org.nself.anomaly.detector.DetectorStatus;
import org.nself.anomaly.scoring.AnomalyNotifier;
import org.nself.anomaly.scoring.PointResultView;
import org.nself.anomaly.scoring.ScorePoints;
import org.nself.anomaly.source.FetchedPoint;
import org.nself.anomaly.source.SourceConfig;
import org.nself.anomaly.source.SourceFailure;
import org.nself.anomaly.source.SourceFetcher;
import org.nself.shared.error.ApiException;
import org.nself.shared.error.DatabaseFailures;
import org.nself.shared.error.ErrorCode;

/**
 * One pull of a scheduled detector: fetch from its source since the watermark, score, store, advance
 * the watermark and the next run. A failing source marks the detector {@code error} with the reason,
 * keeps the watermark and schedules the retry. The detector row stays locked for the whole run, so a
 * detector is run by one instance at a time and, within a tick, once.
 */
@Singleton
public record RunDetector(
        TransactionOperations<Connection> tx,
        DetectorRepository detectors,
        SourceFetcher fetcher,
        ScorePoints scoring) {
    /** What a run did. */
    @Serdeable
    public record RunResult(
            String detectorId,
            int fetched,
            int scored,
            int anomalous,
            @Nullable Instant watermark,
            String status,
            @Nullable String error) {}

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
            return Optional.of(new RunResult(picked[0].id(), 0, 0, 0, null, "error", reason));
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
        List<FetchedPoint> fetched;
        try {
            fetched = fetcher.fetch(d.account(), d.spec().source(), d.watermark(), now);
        } catch (SourceFailure e) {
            detectors.recordRun(d, DetectorStatus.ERROR, e.getMessage(), d.watermark(), now, next);
            return new RunResult(d.id(), 0, 0, 0, d.watermark(), "error", e.getMessage());
        }
        List<ScorePoints.Incoming> incoming = fetched.stream()
                .filter(p -> d.watermark() == null || p.timestamp().isAfter(d.watermark()))
                .map(p -> new ScorePoints.Incoming(p.timestamp(), p.value()))
                .toList();
        List<PointResultView> results =
                incoming.isEmpty() ? List.of() : scoring.scoreInTransaction(c, d.account(), d.id(), incoming, opened);
        Instant watermark = d.watermark();
        for (ScorePoints.Incoming p : incoming) {
            watermark = watermark == null || p.timestamp().isAfter(watermark) ? p.timestamp() : watermark;
        }
        DetectorStatus status = DetectorStatus.warming(d.pointsLearned() + results.size(), d.warmupPoints());
        detectors.recordRun(d, status, null, watermark, now, next);
        int anomalous = (int) results.stream()
                .filter(r -> r.point().isAnomaly() && !r.duplicate())
                .count();
        return new RunResult(d.id(), fetched.size(), results.size(), anomalous, watermark, status.wire(), null);
    }
}
