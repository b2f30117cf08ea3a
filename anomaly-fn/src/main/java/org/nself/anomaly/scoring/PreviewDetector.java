package org.nself.anomaly.scoring;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.transaction.TransactionOperations;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.nself.anomaly.detector.Detector;
import org.nself.anomaly.detector.DetectorRepository;
import org.nself.anomaly.detector.DetectorSpec;
import org.nself.anomaly.source.Entity;
import org.nself.anomaly.threshold.ThresholdConfig;
import org.nself.shared.error.ApiException;
import org.nself.shared.time.Rfc3339;

/** Backtests a configuration (any of the detector's settings) over given points or the stored ones; saves nothing. */
@Singleton
record PreviewDetector(DetectorRepository detectors, DataPointRepository points, TransactionOperations<Connection> tx) {
    static final int MAX_PREVIEW_POINTS = 50_000;

    /** What to backtest: any of the detector's settings, over given points or the stored ones. */
    @Serdeable
    record PreviewRequest(
            @Nullable String algorithm,
            @Nullable Map<String, Object> params,
            @Nullable Map<String, Object> threshold,
            @Nullable List<PreviewPoint> points,
            @Nullable String since,
            @Nullable String until,
            @Nullable Map<String, String> entity) {}

    @Serdeable
    record PreviewPoint(@Nullable String timestamp, @Nullable Double value) {}

    @Serdeable
    record PreviewView(
            String algorithm,
            Map<String, Object> params,
            Map<String, Object> threshold,
            String pointsFrom,
            @JsonUnwrapped Backtest.Outcome outcome) {}

    PreviewView preview(String account, String id, PreviewRequest body) {
        Detector d = detectors.find(account, id).orElseThrow(() -> ApiException.notFound("detector"));
        String algorithm = body.algorithm() == null ? d.spec().algorithm() : body.algorithm();
        Map<String, Object> params =
                body.params() == null ? (body.algorithm() == null ? d.spec().params() : Map.of()) : body.params();
        ThresholdConfig threshold = body.threshold() == null
                ? d.spec().threshold()
                : DetectorSpec.threshold(body.threshold(), algorithm, params);
        DetectorSpec.trying(d, algorithm, params, threshold);
        List<ScorePoints.Incoming> input;
        String from;
        if (body.points() != null) {
            input = given(body.points());
            from = "request";
        } else {
            input = stored(account, id, series(body.entity()), body.since(), body.until());
            from = "stored";
        }
        return new PreviewView(
                algorithm, params, threshold.toMap(), from, Backtest.run(algorithm, params, threshold, input));
    }

    private static List<ScorePoints.Incoming> given(List<PreviewPoint> points) {
        if (points.size() > MAX_PREVIEW_POINTS) {
            throw ApiException.invalid("points", "at most " + MAX_PREVIEW_POINTS + " points");
        }
        List<ScorePoints.Incoming> input = new ArrayList<>();
        for (int i = 0; i < points.size(); i++) {
            PreviewPoint p = points.get(i);
            if (p == null || p.value() == null || !Double.isFinite(p.value())) {
                throw ApiException.invalid("points[" + i + "].value", "must be a finite number");
            }
            if (p.timestamp() == null) {
                throw ApiException.invalid("points[" + i + "].timestamp", "is required");
            }
            Instant t = Rfc3339.storable("points[" + i + "].timestamp", p.timestamp(), ListPoints.RFC_3339);
            input.add(new ScorePoints.Incoming(t, p.value()));
        }
        return input;
    }

    /** The stored series a preview replays: the one with exactly these labels (the default one without). */
    private static String series(Map<String, String> labels) {
        try {
            return Entity.of(labels == null ? Map.of() : labels).key();
        } catch (Entity.InvalidLabels e) {
            throw ApiException.invalid("entity", e.getMessage());
        }
    }

    private List<ScorePoints.Incoming> stored(String account, String id, String entity, String since, String until) {
        Instant from = since == null ? Instant.EPOCH : Rfc3339.storable("since", since, ListPoints.RFC_3339);
        Instant to = until == null ? ListPoints.END : Rfc3339.storable("until", until, ListPoints.RFC_3339);
        return tx.executeRead(s ->
                points.range(s.getConnection(), account, id, List.of(entity), from, to, MAX_PREVIEW_POINTS, 0).stream()
                        .map(p -> new ScorePoints.Incoming(p.timestamp(), p.value()))
                        .toList());
    }
}
