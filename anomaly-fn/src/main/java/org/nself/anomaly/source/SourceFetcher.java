package org.nself.anomaly.source;

import io.micronaut.core.type.Argument;
import io.micronaut.json.JsonMapper;
import io.micronaut.transaction.TransactionOperations;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.nself.shared.error.DatabaseFailures;
import org.nself.shared.jdbc.DatabaseFailure;
import org.nself.shared.jdbc.Jdbc;
import org.nself.shared.outbound.OutboundHttp;
import org.nself.shared.outbound.OutboundPolicy;
import org.nself.shared.time.Rfc3339;

/**
 * Pulls points from a detector's source since its watermark, with the source's time-out and the
 * outbound policy (no loopback, private or metadata addresses unless allowed).
 */
@Singleton
public final class SourceFetcher {
    /** At most this many points per series and pull; the rest come on the next tick. */
    public static final int MAX_POINTS = 10_000;

    private static final int MAX_BODY = 8 * 1024 * 1024;
    private final OutboundHttp http;
    private final JsonMapper json;
    private final TransactionOperations<Connection> tx;

    SourceFetcher(OutboundPolicy policy, JsonMapper json, TransactionOperations<Connection> tx) {
        this.http = new OutboundHttp(policy);
        this.json = json;
        this.tx = tx;
    }

    /**
     * The series the source answers since {@code since}: a prometheus result's every series (its
     * {@code metric} labels name it; no labels is the default series), the other sources' one default series.
     */
    public List<FetchedSeries> fetch(String account, SourceConfig source, Instant since, Instant until) {
        if (source instanceof SourceConfig.Prometheus p) {
            return prometheus(p, since, until);
        }
        if (source instanceof SourceConfig.HttpJson h) {
            Object body = getJson(h.url(), h.timeoutMs());
            return h.seriesPath() == null
                    ? List.of(new FetchedSeries(Entity.DEFAULT, List.of(httpJsonPoint(h, body, until))))
                    : httpJsonSeries(h, body, until);
        }
        if (source instanceof SourceConfig.Sql s) {
            return List.of(new FetchedSeries(Entity.DEFAULT, sql(account, s, since)));
        }
        return List.of();
    }

    private List<FetchedSeries> prometheus(SourceConfig.Prometheus p, Instant since, Instant until) {
        Instant start = since == null ? until.minusSeconds(60L * p.stepSeconds()) : since.plusSeconds(p.stepSeconds());
        if (start.isAfter(until)) {
            return List.of();
        }
        String url = p.url().replaceAll("/+$", "") + "/api/v1/query_range?query="
                + URLEncoder.encode(p.query(), StandardCharsets.UTF_8) + "&start=" + start.getEpochSecond() + "&end="
                + until.getEpochSecond() + "&step=" + p.stepSeconds() + "s";
        Object body = getJson(url, p.timeoutMs());
        Object status = path(body, "status");
        if (!"success".equals(status)) {
            throw new SourceFailure("prometheus answered status " + status + ": " + path(body, "error"));
        }
        Object result = path(body, "data.result");
        if (!(result instanceof List<?> series)) {
            return List.of();
        }
        List<FetchedSeries> out = new ArrayList<>(series.size());
        for (Object one : series) {
            try {
                out.add(new FetchedSeries(
                        prometheusEntity(path(one, "metric")), prometheusPoints(path(one, "values"))));
            } catch (Entity.InvalidLabels e) {
                out.add(FetchedSeries.refused(e.getMessage()));
            }
        }
        return out;
    }

    /** The series' labels ({@code __name__} among them when the query keeps it). */
    private static Entity prometheusEntity(Object metric) {
        Map<String, String> labels = new TreeMap<>();
        if (metric instanceof Map<?, ?> m) {
            for (Map.Entry<?, ?> e : m.entrySet()) {
                labels.put(String.valueOf(e.getKey()), String.valueOf(e.getValue()));
            }
        }
        return Entity.of(labels);
    }

    private static List<FetchedPoint> prometheusPoints(Object values) {
        List<FetchedPoint> out = new ArrayList<>();
        if (values instanceof List<?> list) {
            for (Object pair : list) {
                if (pair instanceof List<?> tv && tv.size() == 2 && tv.get(0) instanceof Number t) {
                    double v = Double.parseDouble(String.valueOf(tv.get(1)));
                    if (Double.isFinite(v)) {
                        out.add(new FetchedPoint(Instant.ofEpochMilli(Math.round(t.doubleValue() * 1000)), v));
                    }
                }
                if (out.size() >= MAX_POINTS) {
                    break;
                }
            }
        }
        return out;
    }

    /** Each element of the list at {@code series_path} is a point of the series its labels name. */
    private static List<FetchedSeries> httpJsonSeries(SourceConfig.HttpJson h, Object body, Instant now) {
        if (!(path(body, h.seriesPath()) instanceof List<?> elements)) {
            throw new SourceFailure("no list at " + h.seriesPath());
        }
        Map<String, FetchedSeries> series = new LinkedHashMap<>();
        List<FetchedSeries> refused = new ArrayList<>();
        for (Object element : elements) {
            Map<String, String> labels = new TreeMap<>();
            if (path(element, h.labelsPath()) instanceof Map<?, ?> m) {
                m.forEach((k, v) -> labels.put(String.valueOf(k), String.valueOf(v)));
            } else {
                throw new SourceFailure("no object of labels at " + h.labelsPath() + " in " + h.seriesPath());
            }
            Entity entity;
            try {
                entity = Entity.of(labels);
            } catch (Entity.InvalidLabels e) {
                refused.add(FetchedSeries.refused(e.getMessage()));
                continue;
            }
            List<FetchedPoint> points = series.computeIfAbsent(
                            entity.key(), k -> new FetchedSeries(entity, new ArrayList<>()))
                    .points();
            if (points.size() < MAX_POINTS) {
                points.add(httpJsonPoint(h, element, now));
            }
        }
        List<FetchedSeries> out = new ArrayList<>(series.values());
        out.addAll(refused);
        return out;
    }

    private static FetchedPoint httpJsonPoint(SourceConfig.HttpJson h, Object node, Instant now) {
        Object value = path(node, h.valuePath());
        double v;
        if (value instanceof Number n) {
            v = n.doubleValue();
        } else if (value instanceof String s) {
            try {
                v = Double.parseDouble(s);
            } catch (NumberFormatException e) {
                throw new SourceFailure("value at " + h.valuePath() + " is not a number");
            }
        } else {
            throw new SourceFailure("no number at " + h.valuePath());
        }
        if (!Double.isFinite(v)) {
            throw new SourceFailure("value at " + h.valuePath() + " is not finite");
        }
        Instant ts = now;
        if (h.timestampPath() != null) {
            Object t = path(node, h.timestampPath());
            if (t instanceof Number n) {
                ts = Instant.ofEpochMilli(Math.round(n.doubleValue() * 1000));
            } else if (t instanceof String s) {
                try {
                    ts = Rfc3339.parse(s);
                } catch (RuntimeException e) {
                    throw new SourceFailure("timestamp at " + h.timestampPath() + " is not RFC 3339");
                }
            } else {
                throw new SourceFailure("no timestamp at " + h.timestampPath());
            }
        }
        return new FetchedPoint(ts, v);
    }

    private List<FetchedPoint> sql(String account, SourceConfig.Sql s, Instant since) {
        // named parameters become positional ones; the query text itself is the detector owner's, run read-only
        List<String> order = new ArrayList<>();
        java.util.regex.Matcher m =
                java.util.regex.Pattern.compile(":(account|since)\\b").matcher(s.query());
        StringBuilder sql = new StringBuilder();
        while (m.find()) {
            order.add(m.group(1));
            m.appendReplacement(sql, "?");
        }
        m.appendTail(sql);
        return tx.executeWrite(status -> {
            Connection c = status.getConnection();
            // read-only and the time-out hold inside a savepoint that is rolled back, so the caller's
            // transaction (which stores the scores) is left as it was
            Savepoint savepoint = Jdbc.call(c::setSavepoint);
            try {
                return query(c, account, s, since, sql.toString(), order);
            } finally {
                Jdbc.call(() -> {
                    c.rollback(savepoint);
                    return null;
                });
            }
        });
    }

    private List<FetchedPoint> query(
            Connection c, String account, SourceConfig.Sql s, Instant since, String sql, List<String> order) {
        Jdbc.update(c, "SET LOCAL transaction_read_only = on");
        Jdbc.update(c, "SET LOCAL statement_timeout = " + s.timeoutMs());
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setMaxRows(MAX_POINTS);
            for (int i = 0; i < order.size(); i++) {
                if (order.get(i).equals("account")) {
                    ps.setString(i + 1, account);
                } else {
                    ps.setTimestamp(i + 1, Timestamp.from(since == null ? Instant.EPOCH : since));
                }
            }
            List<FetchedPoint> out = new ArrayList<>();
            try (ResultSet r = ps.executeQuery()) {
                while (r.next()) {
                    Timestamp t = r.getTimestamp(1);
                    double v = r.getDouble(2);
                    if (t != null && !r.wasNull() && Double.isFinite(v)) {
                        out.add(new FetchedPoint(t.toInstant(), v));
                    }
                }
            }
            return out;
        } catch (SQLException e) {
            if (DatabaseFailures.isDatabaseUnavailable(e)) {
                throw new DatabaseFailure(e);
            }
            throw new SourceFailure("sql source failed: " + e.getMessage());
        }
    }

    private Object getJson(String url, int timeoutMs) {
        OutboundHttp.Response response;
        try {
            // checked and connected to the checked address on every pull; the body is cut while it streams
            response = http.send(
                    "source.url",
                    new OutboundHttp.Request(
                            "GET",
                            url,
                            Map.of("Accept", "application/json", "User-Agent", "nself-anomaly"),
                            null,
                            Duration.ofMillis(timeoutMs),
                            MAX_BODY));
        } catch (OutboundHttp.Failure f) {
            throw new SourceFailure(
                    switch (f.kind()) {
                        case REFUSED -> "source url refused: " + f.getMessage();
                        case TIMED_OUT -> "source timed out after " + timeoutMs + " ms";
                        default -> "source unreachable: " + f.getMessage();
                    });
        }
        if (response.status() != 200) {
            throw new SourceFailure("source answered HTTP " + response.status());
        }
        if (response.truncated()) {
            throw new SourceFailure("source answered more than " + MAX_BODY + " bytes");
        }
        try {
            return json.readValue(response.body(), Argument.OBJECT_ARGUMENT);
        } catch (IOException | RuntimeException e) {
            throw new SourceFailure("source did not answer JSON");
        }
    }

    /** A dotted path into parsed JSON: object keys and list indexes. */
    static Object path(Object node, String path) {
        Object cur = node;
        for (String part : path.split("\\.")) {
            if (cur instanceof Map<?, ?> map) {
                cur = map.get(part);
            } else if (cur instanceof List<?> list && part.matches("\\d{1,6}")) {
                int i = Integer.parseInt(part);
                cur = i < list.size() ? list.get(i) : null;
            } else {
                return null;
            }
        }
        return cur;
    }
}
