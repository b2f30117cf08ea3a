package org.nself.anomaly.detector;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.rules.SecurityRule;
import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.transaction.TransactionOperations;
import java.sql.Connection;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.nself.anomaly.scoring.Backtest;
import org.nself.anomaly.scoring.DataPointRepository;
import org.nself.anomaly.scoring.ScorePoints;
import org.nself.anomaly.threshold.ThresholdConfig;
import org.nself.shared.error.ApiException;
import org.nself.shared.paging.ListView;
import org.nself.shared.paging.PageRequest;
import org.nself.shared.tenancy.AccountId;
import org.nself.shared.time.Rfc3339;

/** A detector's stored series with scores and bands (charts), and the preview/backtest of a configuration. */
@Controller("/api/v1/detectors/{id}")
@Secured(SecurityRule.IS_AUTHENTICATED)
final class PointsController {
    static final int MAX_PREVIEW_POINTS = 50_000;
    private final DetectorRepository detectors;
    private final DataPointRepository points;
    private final TransactionOperations<Connection> tx;

    PointsController(DetectorRepository detectors, DataPointRepository points, TransactionOperations<Connection> tx) {
        this.detectors = detectors;
        this.points = points;
        this.tx = tx;
    }

    /** A point on the wire. */
    @Serdeable
    record PointView(
            Instant timestamp,
            double value,
            double score,
            boolean isAnomaly,
            @Nullable Double expected,
            @Nullable Double lower,
            @Nullable Double upper,
            boolean late,
            int detectorVersion) {}

    @Get("/points")
    ListView<PointView> points(
            AccountId account,
            @PathVariable String id,
            PageRequest page,
            @Nullable @QueryValue String since,
            @Nullable @QueryValue String until) {
        detectors.find(account.value(), id).orElseThrow(() -> ApiException.notFound("detector"));
        Instant from = since == null ? Instant.EPOCH : instant("since", since);
        Instant to = until == null ? Instant.parse("9999-01-01T00:00:00Z") : instant("until", until);
        return tx.executeRead(s -> {
            Connection c = s.getConnection();
            List<PointView> data = points.range(c, account.value(), id, from, to, page.limit(), page.offset()).stream()
                    .map(p -> new PointView(
                            p.timestamp(),
                            p.value(),
                            p.score(),
                            p.anomaly(),
                            p.expected(),
                            p.lower(),
                            p.upper(),
                            p.late(),
                            p.version()))
                    .toList();
            return ListView.of(data, points.count(c, account.value(), id, from, to), page);
        });
    }

    /** What to backtest: any of the detector's settings, over given points or the stored ones. */
    @Serdeable
    record PreviewRequest(
            @Nullable String algorithm,
            @Nullable Map<String, Object> params,
            @Nullable Map<String, Object> threshold,
            @Nullable List<PreviewPoint> points,
            @Nullable String since,
            @Nullable String until) {}

    @Serdeable
    record PreviewPoint(@Nullable String timestamp, @Nullable Double value) {}

    @Serdeable
    record PreviewView(
            String algorithm,
            Map<String, Object> params,
            Map<String, Object> threshold,
            String pointsFrom,
            int pointsScored,
            int anomalousPoints,
            List<Backtest.Range> anomalies) {}

    @Post("/preview")
    PreviewView preview(AccountId account, @PathVariable String id, @Body PreviewRequest body) {
        Detector d = detectors.find(account.value(), id).orElseThrow(() -> ApiException.notFound("detector"));
        String algorithm = body.algorithm() == null ? d.algorithm() : body.algorithm();
        Map<String, Object> params =
                body.params() == null ? (body.algorithm() == null ? d.params() : Map.of()) : body.params();
        ThresholdConfig threshold = body.threshold() == null
                ? d.threshold()
                : ThresholdConfig.parse(body.threshold(), ThresholdConfig.defaultScoreFor(algorithm, params));
        DetectorSpec.validate(
                d.name(),
                d.source().toMap(),
                algorithm,
                params,
                threshold.toMap(),
                d.scheduleSeconds() == null ? null : d.scheduleSeconds() + "s",
                true);
        List<ScorePoints.Incoming> input = new ArrayList<>();
        String from;
        if (body.points() != null) {
            if (body.points().size() > MAX_PREVIEW_POINTS) {
                throw ApiException.invalid("points", "at most " + MAX_PREVIEW_POINTS + " points");
            }
            for (int i = 0; i < body.points().size(); i++) {
                PreviewPoint p = body.points().get(i);
                if (p == null || p.value() == null || !Double.isFinite(p.value())) {
                    throw ApiException.invalid("points[" + i + "].value", "must be a finite number");
                }
                if (p.timestamp() == null) {
                    throw ApiException.invalid("points[" + i + "].timestamp", "is required");
                }
                input.add(new ScorePoints.Incoming(instant("points[" + i + "].timestamp", p.timestamp()), p.value()));
            }
            from = "request";
        } else {
            Instant since = body.since() == null ? Instant.EPOCH : instant("since", body.since());
            Instant until =
                    body.until() == null ? Instant.parse("9999-01-01T00:00:00Z") : instant("until", body.until());
            tx.executeRead(s -> {
                for (DataPointRepository.StoredPoint p :
                        points.range(s.getConnection(), account.value(), id, since, until, MAX_PREVIEW_POINTS, 0)) {
                    input.add(new ScorePoints.Incoming(p.timestamp(), p.value()));
                }
                return null;
            });
            from = "stored";
        }
        Backtest.Outcome o = Backtest.run(algorithm, params, threshold, input);
        return new PreviewView(
                algorithm, params, threshold.toMap(), from, o.pointsScored(), o.anomalousPoints(), o.anomalies());
    }

    static Instant instant(String field, String raw) {
        return Rfc3339.storable(field, raw, "must be RFC 3339, e.g. 2026-05-17T10:00:00Z");
    }
}
