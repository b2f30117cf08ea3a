package org.nself.anomaly.schedule;

import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.transaction.TransactionOperations;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.nself.anomaly.detector.Detector;
import org.nself.anomaly.detector.DetectorRepository;
import org.nself.anomaly.detector.SqlFailure;
import org.nself.anomaly.scoring.AnomalyNotifier;
import org.nself.anomaly.scoring.ScorePoints;
import org.nself.anomaly.source.FetchedPoint;
import org.nself.anomaly.source.SourceConfig;
import org.nself.anomaly.source.SourceFailure;
import org.nself.anomaly.source.SourceFetcher;
import org.nself.shared.error.ApiException;
import org.nself.shared.error.ErrorCode;

/**
 * One pull of a scheduled detector: fetch from its source since the watermark, score, store, advance
 * the watermark and the next run. A failing source marks the detector {@code error} with the reason,
 * keeps the watermark and schedules the retry. The detector row stays locked for the whole run, so a
 * detector is run by one instance at a time and, within a tick, once.
 */
@Singleton
public final class RunDetector {
    private final TransactionOperations<Connection> tx;
    private final DetectorRepository detectors;
    private final SourceFetcher fetcher;
    private final ScorePoints scoring;

    RunDetector(
            TransactionOperations<Connection> tx,
            DetectorRepository detectors,
            SourceFetcher fetcher,
            ScorePoints scoring) {
        this.tx = tx;
        this.detectors = detectors;
        this.fetcher = fetcher;
        this.scoring = scoring;
    }

    /** What a run did. */
    @Serdeable
    public record RunResult(
            String detectorId,
            int fetched,
            int scored,
            int anomalous,
            @io.micronaut.core.annotation.Nullable Instant watermark,
            String status,
            @io.micronaut.core.annotation.Nullable String error) {}

    /** Runs one detector that falls due before {@code dueBefore} (the end of the tick) and that no other instance holds; empty when none is left. */
    Optional<RunResult> runDue(Instant tick, Instant dueBefore) {
        List<AnomalyNotifier.Opened> opened = new ArrayList<>();
        String[] who = new String[2];
        Optional<RunResult> result;
        try {
            result = pickAndRun(tick, dueBefore, who, opened);
        } catch (RuntimeException e) {
            if (who[0] == null || org.nself.shared.error.DatabaseFailures.isDatabaseUnavailable(e)) {
                throw e;
            }
            // the run rolled back: record why and move the detector past this tick so the loop goes on
            String reason = ("run failed: " + e.getMessage())
                    .substring(0, Math.min(500, ("run failed: " + e.getMessage()).length()));
            tx.executeWrite(s -> {
                try (PreparedStatement ps = s.getConnection()
                        .prepareStatement("UPDATE np_anomaly_detectors SET status = 'error',"
                                + " status_reason = ?, next_run_at = ? + make_interval(secs => COALESCE(NULLIF(regexp_replace(schedule, '\\D', '', 'g'), ''), '60')::int),"
                                + " updated_at = now() WHERE source_account_id = ? AND id = ?")) {
                    ps.setString(1, reason);
                    ps.setTimestamp(2, Timestamp.from(tick));
                    ps.setString(3, who[0]);
                    ps.setString(4, who[1]);
                    return ps.executeUpdate();
                } catch (SQLException ex) {
                    throw new SqlFailure(ex);
                }
            });
            return Optional.of(new RunResult(who[1], 0, 0, 0, null, "error", reason));
        }
        return result;
    }

    private Optional<RunResult> pickAndRun(
            Instant tick, Instant dueBefore, String[] who, List<AnomalyNotifier.Opened> opened) {
        return tx.executeWrite(s -> {
            Connection c = s.getConnection();
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT source_account_id, id FROM np_anomaly_detectors"
                            + " WHERE schedule IS NOT NULL AND enabled AND next_run_at < ? ORDER BY next_run_at LIMIT 1 FOR UPDATE SKIP LOCKED")) {
                ps.setTimestamp(1, Timestamp.from(dueBefore));
                try (ResultSet r = ps.executeQuery()) {
                    if (!r.next()) {
                        return Optional.empty();
                    }
                    who[0] = r.getString(1);
                    who[1] = r.getString(2);
                }
            } catch (SQLException e) {
                throw new SqlFailure(e);
            }
            Detector d = detectors.lock(c, who[0], who[1]).orElseThrow();
            return Optional.of(runLocked(c, d, tick, opened));
        });
    }

    /** {@code POST /api/v1/detectors/{id}/run}: waits for the row if a tick holds it, then runs. */
    public RunResult runNow(String account, String id) {
        List<AnomalyNotifier.Opened> opened = new ArrayList<>();
        RunResult result = tx.executeWrite(s -> {
            Connection c = s.getConnection();
            Detector d = detectors.lock(c, account, id).orElseThrow(() -> ApiException.notFound("detector"));
            if (d.source() instanceof SourceConfig.Push) {
                throw new ApiException(
                        ErrorCode.CONFLICT, "detector " + id + " is a push detector; it has nothing to pull");
            }
            if (!d.enabled()) {
                throw new ApiException(ErrorCode.CONFLICT, "detector " + id + " is paused");
            }
            return runLocked(c, d, Instant.now(), opened);
        });
        return result;
    }

    private RunResult runLocked(Connection c, Detector d, Instant tick, List<AnomalyNotifier.Opened> opened) {
        Instant now = Instant.now();
        Instant next = tick.plusSeconds(d.scheduleSeconds() == null ? 60 : d.scheduleSeconds());
        List<FetchedPoint> fetched;
        try {
            fetched = fetcher.fetch(d.account(), d.source(), d.watermark(), now);
        } catch (SourceFailure e) {
            update(
                    c,
                    d,
                    "UPDATE np_anomaly_detectors SET status = 'error', status_reason = ?, last_run_at = ?, next_run_at = ?,"
                            + " updated_at = now() WHERE source_account_id = ? AND id = ?",
                    e.getMessage(),
                    now,
                    next);
            return new RunResult(d.id(), 0, 0, 0, d.watermark(), "error", e.getMessage());
        }
        List<ScorePoints.Incoming> incoming = fetched.stream()
                .filter(p -> d.watermark() == null || p.timestamp().isAfter(d.watermark()))
                .map(p -> new ScorePoints.Incoming(p.timestamp(), p.value()))
                .toList();
        List<ScorePoints.Result> results =
                incoming.isEmpty() ? List.of() : scoring.scoreInTransaction(c, d.account(), d.id(), incoming, opened);
        Instant watermark = d.watermark();
        for (ScorePoints.Incoming p : incoming) {
            watermark = watermark == null || p.timestamp().isAfter(watermark) ? p.timestamp() : watermark;
        }
        String status = d.pointsLearned() + results.size() >= d.warmupPoints() ? "active" : "learning";
        update(
                c,
                d,
                "UPDATE np_anomaly_detectors SET status = ?, status_reason = NULL, watermark = ?, last_run_at = ?, next_run_at = ?,"
                        + " updated_at = now() WHERE source_account_id = ? AND id = ?",
                status,
                watermark,
                now,
                next);
        int anomalous = (int)
                results.stream().filter(r -> r.anomaly() && !r.duplicate()).count();
        return new RunResult(d.id(), fetched.size(), results.size(), anomalous, watermark, status, null);
    }

    private static void update(Connection c, Detector d, String sql, Object... args) {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            int i = 1;
            for (Object a : args) {
                if (a instanceof Instant t) {
                    ps.setTimestamp(i++, Timestamp.from(t));
                } else {
                    ps.setObject(i++, a);
                }
            }
            ps.setString(i++, d.account());
            ps.setString(i, d.id());
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new SqlFailure(e);
        }
    }
}
