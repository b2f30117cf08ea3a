package org.nself.anomaly.scoring;

import io.micronaut.core.type.Argument;
import io.micronaut.json.JsonMapper;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nself.anomaly.detector.DetectorRepository;
import org.nself.shared.error.ApiError;
import org.nself.shared.error.ApiException;
import org.nself.shared.error.ErrorCode;
import org.nself.shared.json.TextRule;
import org.nself.shared.time.Rfc3339;

/**
 * Ingest: one point or up to {@value #MAX_POINTS}, each detector's points scored in their own
 * transaction, answered in the order sent with counts. Every bad point is refused at once (up to
 * 100 problems); an unknown detector refuses the whole request before anything is scored.
 */
@Singleton
record IngestPoints(ScorePoints scoring, DetectorRepository detectors, JsonMapper json) {
    static final int MAX_POINTS = 10_000;
    static final Instant EARLIEST = Instant.parse("1970-01-01T00:00:00Z");
    private static final Argument<IngestRequest> REQUEST = Argument.of(IngestRequest.class);

    IngestView ingest(String account, byte[] body) {
        IngestRequest request = read(body);
        List<IngestRequest.PointRequest> points = points(request);
        Map<String, List<ScorePoints.Incoming>> byDetector = new LinkedHashMap<>();
        List<String> order = new ArrayList<>();
        checked(request, points, byDetector, order);
        for (String detector : byDetector.keySet()) {
            if (detectors.find(account, detector).isEmpty()) {
                throw new ApiException(ErrorCode.NOT_FOUND, "detector " + detector + " not found");
            }
        }
        Map<String, List<PointResultView>> results = new LinkedHashMap<>();
        for (Map.Entry<String, List<ScorePoints.Incoming>> e : byDetector.entrySet()) {
            results.put(e.getKey(), scoring.score(account, e.getKey(), e.getValue()));
        }
        Map<String, Integer> next = new LinkedHashMap<>();
        List<PointResultView> out = new ArrayList<>(order.size());
        int duplicates = 0;
        int late = 0;
        int anomalous = 0;
        for (String detector : order) {
            int i = next.merge(detector, 1, Integer::sum) - 1;
            PointResultView r = results.get(detector).get(i);
            duplicates += r.duplicate() ? 1 : 0;
            late += r.point().late() && !r.duplicate() ? 1 : 0;
            anomalous += r.point().isAnomaly() && !r.duplicate() ? 1 : 0;
            out.add(r);
        }
        return new IngestView(out.size() - duplicates, duplicates, late, anomalous, out);
    }

    private IngestRequest read(byte[] body) {
        IngestRequest request;
        try {
            request = json.readValue(body, REQUEST);
        } catch (IOException | RuntimeException e) {
            throw ApiException.invalid(
                    "body", "must be a JSON object with detector_id, value, timestamp or with points");
        }
        if (request == null) {
            throw ApiException.invalid("body", "must be a JSON object");
        }
        return request;
    }

    private static List<IngestRequest.PointRequest> points(IngestRequest request) {
        if (request.points() == null) {
            return List.of(new IngestRequest.PointRequest(request.detectorId(), request.value(), request.timestamp()));
        }
        if (request.value() != null) {
            throw ApiException.invalid("points", "send either one point or points, not both");
        }
        List<IngestRequest.PointRequest> points = request.points();
        if (points.size() > MAX_POINTS) {
            throw new ApiException(
                    ErrorCode.PAYLOAD_TOO_LARGE, "at most " + MAX_POINTS + " points per request, got " + points.size());
        }
        if (points.isEmpty()) {
            throw ApiException.invalid("points", "must not be empty");
        }
        return points;
    }

    /** Groups the points by detector (and keeps their order), or refuses the problems found. */
    private static void checked(
            IngestRequest request,
            List<IngestRequest.PointRequest> points,
            Map<String, List<ScorePoints.Incoming>> byDetector,
            List<String> order) {
        Instant now = Instant.now();
        Instant latest = now.plusSeconds(86_400);
        List<ApiError.Detail> problems = new ArrayList<>();
        for (int i = 0; i < points.size(); i++) {
            IngestRequest.PointRequest p = points.get(i);
            String prefix = request.points() == null ? "" : "points[" + i + "].";
            if (p == null) {
                problems.add(new ApiError.Detail(prefix.isEmpty() ? "body" : "points[" + i + "]", "must be an object"));
                continue;
            }
            String detector = p.detectorId() != null ? p.detectorId() : request.detectorId();
            if (detector == null || detector.isBlank() || detector.length() > 128) {
                problems.add(new ApiError.Detail(prefix + "detector_id", "is required (at most 128 characters)"));
                continue;
            }
            String unstorable = TextRule.REFUSE.problem(detector);
            if (unstorable != null) {
                problems.add(new ApiError.Detail(prefix + "detector_id", unstorable));
                continue;
            }
            if (p.value() == null || !Double.isFinite(p.value())) {
                problems.add(new ApiError.Detail(prefix + "value", "must be a finite number"));
                continue;
            }
            Instant ts;
            if (p.timestamp() == null) {
                ts = now;
            } else {
                try {
                    ts = Rfc3339.parse(p.timestamp());
                } catch (DateTimeParseException e) {
                    problems.add(new ApiError.Detail(prefix + "timestamp", ListPoints.RFC_3339));
                    continue;
                }
                if (ts.isBefore(EARLIEST) || ts.isAfter(latest)) {
                    problems.add(
                            new ApiError.Detail(prefix + "timestamp", "must be after 1970 and at most one day ahead"));
                    continue;
                }
            }
            byDetector.computeIfAbsent(detector, k -> new ArrayList<>()).add(new ScorePoints.Incoming(ts, p.value()));
            order.add(detector);
            if (problems.size() >= 100) {
                break;
            }
        }
        if (!problems.isEmpty()) {
            throw ApiException.invalid(problems);
        }
    }
}
