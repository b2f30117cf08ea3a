package org.nself.anomaly.scoring;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.type.Argument;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Header;
import io.micronaut.http.annotation.Post;
import io.micronaut.json.JsonMapper;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.rules.SecurityRule;
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
import org.nself.shared.limits.RequestBodies;
import org.nself.shared.limits.StorableValues;
import org.nself.shared.tenancy.AccountId;
import org.nself.shared.time.Rfc3339;

/**
 * {@code POST /api/v1/ingest}: one point or up to {@value #MAX_POINTS}, scored before the answer (written by
 * {@link IngestViewJson}).
 */
@Controller("/api/v1/ingest")
@Secured(SecurityRule.IS_AUTHENTICATED)
final class IngestController {
    static final int MAX_POINTS = 10_000;
    static final long MAX_DECODED_BYTES = 8L * 1024 * 1024;
    static final Instant EARLIEST = Instant.parse("1970-01-01T00:00:00Z");
    private final ScorePoints scoring;
    private final DetectorRepository detectors;
    private final JsonMapper json;

    IngestController(ScorePoints scoring, DetectorRepository detectors, JsonMapper json) {
        this.scoring = scoring;
        this.detectors = detectors;
        this.json = json;
    }

    @Post(consumes = MediaType.APPLICATION_JSON, produces = MediaType.APPLICATION_JSON)
    HttpResponse<byte[]> ingest(
            AccountId account, @Body byte[] raw, @Nullable @Header("Content-Encoding") String encoding) {
        byte[] body = RequestBodies.decode(raw, encoding, MAX_DECODED_BYTES);
        IngestRequest request;
        try {
            request = json.readValue(body, Argument.of(IngestRequest.class));
        } catch (IOException | RuntimeException e) {
            throw ApiException.invalid(
                    "body", "must be a JSON object with detector_id, value, timestamp or with points");
        }
        if (request == null) {
            throw ApiException.invalid("body", "must be a JSON object");
        }
        List<IngestRequest.PointRequest> points;
        if (request.points() != null) {
            if (request.value() != null) {
                throw ApiException.invalid("points", "send either one point or points, not both");
            }
            points = request.points();
            if (points.size() > MAX_POINTS) {
                throw new ApiException(
                        ErrorCode.PAYLOAD_TOO_LARGE,
                        "at most " + MAX_POINTS + " points per request, got " + points.size());
            }
            if (points.isEmpty()) {
                throw ApiException.invalid("points", "must not be empty");
            }
        } else {
            points =
                    List.of(new IngestRequest.PointRequest(request.detectorId(), request.value(), request.timestamp()));
        }
        Instant now = Instant.now();
        Instant latest = now.plusSeconds(86_400);
        Map<String, List<ScorePoints.Incoming>> byDetector = new LinkedHashMap<>();
        List<String> order = new ArrayList<>();
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
            if (StorableValues.textProblem(detector) != null) {
                problems.add(new ApiError.Detail(prefix + "detector_id", StorableValues.textProblem(detector)));
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
                    problems.add(
                            new ApiError.Detail(prefix + "timestamp", "must be RFC 3339, e.g. 2026-05-17T10:00:00Z"));
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
        for (String detector : byDetector.keySet()) {
            if (detectors.find(account.value(), detector).isEmpty()) {
                throw new ApiException(ErrorCode.NOT_FOUND, "detector " + detector + " not found");
            }
        }
        Map<String, List<ScorePoints.Result>> results = new LinkedHashMap<>();
        for (Map.Entry<String, List<ScorePoints.Incoming>> e : byDetector.entrySet()) {
            results.put(e.getKey(), scoring.score(account.value(), e.getKey(), e.getValue()));
        }
        Map<String, Integer> next = new LinkedHashMap<>();
        List<PointResultView> out = new ArrayList<>(order.size());
        int duplicates = 0;
        int late = 0;
        int anomalous = 0;
        for (String detector : order) {
            int i = next.merge(detector, 1, Integer::sum) - 1;
            ScorePoints.Result r = results.get(detector).get(i);
            duplicates += r.duplicate() ? 1 : 0;
            late += r.late() && !r.duplicate() ? 1 : 0;
            anomalous += r.anomaly() && !r.duplicate() ? 1 : 0;
            out.add(PointResultView.of(r));
        }
        return HttpResponse.ok(
                        IngestViewJson.write(new IngestView(out.size() - duplicates, duplicates, late, anomalous, out)))
                .contentType(MediaType.APPLICATION_JSON_TYPE);
    }
}
