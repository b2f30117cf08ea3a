package org.nself.anomaly.source;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.nself.anomaly.algorithm.Params;

/**
 * Where a detector's points come from: {@code push} (ingest), {@code prometheus} (PromQL range query),
 * {@code http_json} (a URL answering JSON, a dotted path to the value), {@code sql} (a read-only query on
 * this service's database). Validated here; fetched by {@link SourceFetcher}.
 */
public sealed interface SourceConfig {
    int DEFAULT_TIMEOUT_MS = 10_000;
    /** Series a prometheus detector scores by default, each with its own model (OpenSearch AD's entities). */
    int DEFAULT_MAX_ENTITIES = 100;
    /** The most a detector may ask for: each series keeps a model of up to {@code Params.MAX_MODEL_BYTES}. */
    int MAX_ENTITIES = 1_000;

    /** The wire name of this kind of source, as {@link #parse} reads it. */
    default String type() {
        if (this instanceof Prometheus) {
            return "prometheus";
        } else if (this instanceof HttpJson) {
            return "http_json";
        } else if (this instanceof Sql) {
            return "sql";
        }
        return "push";
    }

    Map<String, Object> toMap();

    /** The series a run scores at most (one for a source that answers one series). */
    default int maxEntities() {
        return 1;
    }

    record Push() implements SourceConfig {
        public Map<String, Object> toMap() {
            return Map.of("type", type());
        }
    }

    /** {@code maxEntities}: the series scored per detector; series beyond it are skipped, and each run says which. */
    record Prometheus(String url, String query, int stepSeconds, int timeoutMs, int maxEntities)
            implements SourceConfig {
        public Map<String, Object> toMap() {
            return wire(
                    type(),
                    "url",
                    url,
                    "query",
                    query,
                    "step_seconds",
                    stepSeconds,
                    "timeout_ms",
                    timeoutMs,
                    "max_entities",
                    maxEntities);
        }
    }

    /**
     * {@code seriesPath}, when set, names a list in the answer whose elements are points of several series:
     * in each, {@code valuePath}, {@code timestampPath} and {@code labelsPath} (an object of labels that
     * names the element's series) are read from the element; {@code maxEntities} caps the series as for
     * prometheus. Without it the answer is one point of the default series.
     */
    record HttpJson(
            String url,
            String valuePath,
            String timestampPath,
            int timeoutMs,
            String seriesPath,
            String labelsPath,
            int maxEntities)
            implements SourceConfig {
        public Map<String, Object> toMap() {
            return wire(
                    type(),
                    "url",
                    url,
                    "value_path",
                    valuePath,
                    "timestamp_path",
                    timestampPath,
                    "timeout_ms",
                    timeoutMs,
                    "series_path",
                    seriesPath,
                    "labels_path",
                    labelsPath,
                    "max_entities",
                    seriesPath == null ? null : maxEntities);
        }
    }

    /** {@code query} names {@code :account} (bound to the detector's account) and may name {@code :since}. */
    record Sql(String query, int timeoutMs) implements SourceConfig {
        public Map<String, Object> toMap() {
            return wire(type(), "query", query, "timeout_ms", timeoutMs);
        }
    }

    /** The wire form: {@code type}, then each named field that is set (not null), in the order given. */
    private static Map<String, Object> wire(String type, Object... namesAndValues) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("type", type);
        for (int i = 0; i < namesAndValues.length; i += 2) {
            if (namesAndValues[i + 1] != null) {
                m.put((String) namesAndValues[i], namesAndValues[i + 1]);
            }
        }
        return m;
    }

    static SourceConfig parse(Map<String, Object> map) {
        if (map == null || map.isEmpty()) {
            return new Push();
        }
        Object type = map.get("type");
        if (!(type instanceof String t)) {
            throw new Params.InvalidParams("source.type", "must be one of push, prometheus, http_json, sql");
        }
        Params p = new Params(map, "source");
        return switch (t) {
            case "push" -> {
                p.allowOnly(Set.of("type"));
                yield new Push();
            }
            case "prometheus" -> {
                p.allowOnly(Set.of("type", "url", "query", "step_seconds", "timeout_ms", "max_entities"));
                yield new Prometheus(
                        url(map.get("url"), "source.url"),
                        text(map.get("query"), "source.query", 4000),
                        p.integer("step_seconds", 60, 1, 86_400),
                        p.integer("timeout_ms", DEFAULT_TIMEOUT_MS, 100, 60_000),
                        p.integer("max_entities", DEFAULT_MAX_ENTITIES, 1, MAX_ENTITIES));
            }
            case "http_json" -> {
                p.allowOnly(Set.of(
                        "type",
                        "url",
                        "value_path",
                        "timestamp_path",
                        "timeout_ms",
                        "series_path",
                        "labels_path",
                        "max_entities"));
                String tsPath = map.get("timestamp_path") == null
                        ? null
                        : path(map.get("timestamp_path"), "source.timestamp_path");
                String seriesPath =
                        map.get("series_path") == null ? null : path(map.get("series_path"), "source.series_path");
                if (seriesPath == null && (map.get("labels_path") != null || map.get("max_entities") != null)) {
                    throw new Params.InvalidParams(
                            "source.series_path", "is required with labels_path or max_entities");
                }
                yield new HttpJson(
                        url(map.get("url"), "source.url"),
                        path(map.get("value_path"), "source.value_path"),
                        tsPath,
                        p.integer("timeout_ms", DEFAULT_TIMEOUT_MS, 100, 60_000),
                        seriesPath,
                        seriesPath == null ? null : path(map.get("labels_path"), "source.labels_path"),
                        p.integer("max_entities", DEFAULT_MAX_ENTITIES, 1, MAX_ENTITIES));
            }
            case "sql" -> {
                p.allowOnly(Set.of("type", "query", "timeout_ms"));
                String q = text(map.get("query"), "source.query", 4000).strip();
                String lower = q.toLowerCase(Locale.ROOT);
                if (!(lower.startsWith("select") || lower.startsWith("with")) || q.contains(";")) {
                    throw new Params.InvalidParams("source.query", "must be one SELECT statement without ';'");
                }
                if (!q.contains(":account")) {
                    throw new Params.InvalidParams("source.query", "must filter by :account (the detector's account)");
                }
                yield new Sql(q, p.integer("timeout_ms", DEFAULT_TIMEOUT_MS, 100, 60_000));
            }
            default -> throw new Params.InvalidParams("source.type", "must be one of push, prometheus, http_json, sql");
        };
    }

    private static String text(Object v, String field, int max) {
        if (!(v instanceof String s) || s.isBlank()) {
            throw new Params.InvalidParams(field, "is required");
        }
        if (s.length() > max) {
            throw new Params.InvalidParams(field, "at most " + max + " characters");
        }
        return s;
    }

    private static String url(Object v, String field) {
        String s = text(v, field, 2000);
        try {
            URI u = URI.create(s);
            if (!("http".equals(u.getScheme()) || "https".equals(u.getScheme())) || u.getHost() == null) {
                throw new Params.InvalidParams(field, "must be an http(s) URL");
            }
        } catch (IllegalArgumentException e) {
            throw new Params.InvalidParams(field, "must be an http(s) URL");
        }
        return s;
    }

    private static String path(Object v, String field) {
        String s = text(v, field, 200);
        if (!s.matches("[A-Za-z0-9_\\-]+(\\.[A-Za-z0-9_\\-]+)*")) {
            throw new Params.InvalidParams(field, "must be a dotted path such as data.value or items.0.value");
        }
        return s;
    }
}
