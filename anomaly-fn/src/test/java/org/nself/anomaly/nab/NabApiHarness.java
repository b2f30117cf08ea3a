package org.nself.anomaly.nab;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.nself.shared.testing.TestHttp;

/**
 * NAB through the public API: one detector per series ({@code POST /api/v1/detectors}), the series
 * ingested in time order in batches ({@code POST /api/v1/ingest}), the score returned for every point
 * kept, and the detections: a point is a detection when the API's answer opens an anomaly there (its
 * {@code anomaly_id} is set and is not the previous point's), which is what the detector's threshold and
 * cooldown decided; the scorer takes them as they are.
 */
final class NabApiHarness {
    static final int BATCH = 5_000;
    private static final Pattern POINT = Pattern.compile(
            "\"score\":([0-9.Ee-]+),[^}]*?\"duplicate\":(?:true|false)(?:,\"anomaly_id\":\"([^\"]+)\")?}");

    /** Scores, detections (1 where an anomaly opened) and the ingest throughput measured on the way. */
    record Run(List<NabScorer.Scored> scored, List<NabScorer.Scored> detections, long points, long millis) {
        double pointsPerSecond() {
            return millis == 0 ? 0 : points * 1000.0 / millis;
        }
    }

    static Run run(TestHttp http, String account, NabCorpus corpus, String detectorJson) {
        List<NabScorer.Scored> out = new ArrayList<>();
        List<NabScorer.Scored> detections = new ArrayList<>();
        long points = 0;
        long millis = 0;
        int n = 0;
        for (NabCorpus.Series s : corpus.series()) {
            String id = "nab-" + (n++);
            var created = http.send(
                    "POST",
                    "/api/v1/detectors",
                    TestHttp.asAccount(account),
                    detectorJson
                            .replace("{", "{\"id\":\"" + id + "\",\"name\":\"" + s.name() + "\",")
                            .replaceFirst(",}", "}"));
            if (created.status() != 201) {
                throw new IllegalStateException("create " + s.name() + ": " + created.status() + " " + created.body());
            }
            double[] scores = new double[s.size()];
            double[] detected = new double[s.size()];
            String previous = null;
            for (int from = 0; from < s.size(); from += BATCH) {
                int to = Math.min(s.size(), from + BATCH);
                StringBuilder b = new StringBuilder(64 * (to - from)).append("{\"points\":[");
                for (int i = from; i < to; i++) {
                    b.append(i > from ? "," : "")
                            .append("{\"detector_id\":\"")
                            .append(id)
                            .append("\",\"value\":")
                            .append(s.values()[i])
                            .append(",\"timestamp\":\"")
                            .append(Instant.ofEpochMilli(s.timestamps()[i]))
                            .append("\"}");
                }
                b.append("]}");
                long t0 = System.nanoTime();
                var r = http.send("POST", "/api/v1/ingest", TestHttp.asAccount(account), b.toString());
                millis += (System.nanoTime() - t0) / 1_000_000;
                if (r.status() != 200) {
                    throw new IllegalStateException("ingest " + s.name() + ": " + r.status() + " " + r.body());
                }
                Matcher m = POINT.matcher(r.body());
                int i = from;
                while (m.find()) {
                    String anomaly = m.group(2);
                    detected[i] = anomaly != null && !anomaly.equals(previous) ? 1 : 0;
                    previous = anomaly;
                    scores[i++] = Double.parseDouble(m.group(1));
                }
                if (i != to) {
                    throw new IllegalStateException("ingest " + s.name() + " answered " + (i - from) + " scores for "
                            + (to - from) + " points");
                }
                points += to - from;
            }
            out.add(new NabScorer.Scored(s, scores));
            detections.add(new NabScorer.Scored(s, detected));
        }
        return new Run(out, detections, points, millis);
    }
}
