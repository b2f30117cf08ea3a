package org.nself.crash.session;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.nself.crash.event.JsonFields;

/**
 * Reads session payloads: one update, an array of updates, or {@code {"aggregates":[…],"attrs":{…}}};
 * at most {@link #MAX_SESSIONS} entries, every field checked.
 */
public final class SessionParser {
    public static final int MAX_SESSIONS = 100;
    private static final Pattern SID = Pattern.compile("[0-9A-Za-z_.:-]{1,64}");

    private SessionParser() {}

    @SuppressWarnings("unchecked")
    public static SessionBatch parse(Object body) {
        JsonFields f = new JsonFields();
        List<SessionUpdate> updates = new ArrayList<>();
        List<SessionAggregate> aggregates = new ArrayList<>();
        if (body instanceof List<?> list) {
            if (list.size() > MAX_SESSIONS) {
                f.problem("body", "must have at most " + MAX_SESSIONS + " sessions");
            } else if (list.isEmpty()) {
                f.problem("body", "must not be empty");
            } else {
                for (int i = 0; i < list.size(); i++) {
                    Map<String, Object> update = f.asObject(list.get(i), "[" + i + "]");
                    if (update != null) {
                        addUpdate(f, update, "[" + i + "].", updates);
                    }
                }
            }
        } else if (body instanceof Map<?, ?> map) {
            Map<String, Object> object = (Map<String, Object>) map;
            if (object.containsKey("aggregates")) {
                addAggregates(f, object, aggregates);
            } else {
                addUpdate(f, object, "", updates);
            }
        } else {
            f.problem("body", "must be a session object, an array of them, or session aggregates");
        }
        f.throwIfAny();
        return new SessionBatch(updates, aggregates);
    }

    /** One update (a Sentry {@code session} envelope item). */
    public static SessionUpdate parseOne(Map<String, Object> update) {
        JsonFields f = new JsonFields();
        List<SessionUpdate> out = new ArrayList<>();
        addUpdate(f, update, "", out);
        f.throwIfAny();
        return out.get(0);
    }

    private static void addUpdate(JsonFields f, Map<String, Object> s, String prefix, List<SessionUpdate> out) {
        int before = f.problems().size();
        String sid = f.text(s, "sid", prefix + "sid", 64);
        if (sid == null) {
            if (s.get("sid") == null) {
                f.problem(prefix + "sid", "is required");
            }
        } else if (!SID.matcher(sid).matches()) {
            f.problem(prefix + "sid", "must be a UUID or up to 64 letters, digits, '_', '.', ':' or '-'");
        }
        Instant started = f.timestamp(s, "started", prefix + "started");
        if (started == null && s.get("started") == null) {
            f.problem(prefix + "started", "is required");
        }
        Instant timestamp = f.timestamp(s, "timestamp", prefix + "timestamp");
        Long seq = f.integer(s, "seq", prefix + "seq", 0, Long.MAX_VALUE);
        Boolean init = f.bool(s, "init", prefix + "init");
        Double duration = f.decimal(s, "duration", prefix + "duration", 0, 1e9);
        Long errors = f.integer(s, "errors", prefix + "errors", 0, Integer.MAX_VALUE);
        SessionStatus status = SessionStatus.OK;
        String rawStatus = f.string(s, "status", prefix + "status", 16);
        if (rawStatus != null) {
            status = SessionStatus.parse(rawStatus).orElse(null);
            if (status == null) {
                f.problem(prefix + "status", "must be one of ok, exited, crashed, abnormal, errored");
            }
        }
        String mechanism = f.string(s, "abnormal_mechanism", prefix + "abnormal_mechanism", 64);
        String did = f.text(s, "did", prefix + "did", 256);
        Attrs attrs = attrs(f, s, prefix);
        if (f.problems().size() > before) {
            return;
        }
        long order = seq != null ? seq : timestamp != null ? timestamp.toEpochMilli() : 0;
        out.add(new SessionUpdate(
                sid,
                did == null || did.isBlank() ? null : hashDid(did),
                order,
                Boolean.TRUE.equals(init),
                started,
                timestamp == null ? started : timestamp,
                duration,
                status,
                errors == null ? 0 : errors.intValue(),
                mechanism,
                attrs.release,
                attrs.environment,
                attrs.userAgent));
    }

    private static void addAggregates(JsonFields f, Map<String, Object> body, List<SessionAggregate> out) {
        Attrs attrs = attrs(f, body, "");
        List<Object> entries = f.array(body, "aggregates", "aggregates", MAX_SESSIONS);
        for (int i = 0; i < entries.size(); i++) {
            String p = "aggregates[" + i + "].";
            Map<String, Object> a = f.asObject(entries.get(i), "aggregates[" + i + "]");
            if (a == null) {
                continue;
            }
            int before = f.problems().size();
            Instant started = f.timestamp(a, "started", p + "started");
            if (started == null && a.get("started") == null) {
                f.problem(p + "started", "is required");
            }
            String did = f.text(a, "did", p + "did", 256);
            Long exited = f.integer(a, "exited", p + "exited", 0, 1_000_000);
            Long errored = f.integer(a, "errored", p + "errored", 0, 1_000_000);
            Long abnormal = f.integer(a, "abnormal", p + "abnormal", 0, 1_000_000);
            Long crashed = f.integer(a, "crashed", p + "crashed", 0, 1_000_000);
            if (f.problems().size() > before || attrs.release == null) {
                continue;
            }
            out.add(new SessionAggregate(
                    started,
                    did == null ? null : hashDid(did),
                    zero(exited),
                    zero(errored),
                    zero(abnormal),
                    zero(crashed),
                    attrs.release,
                    attrs.environment));
        }
    }

    private record Attrs(String release, String environment, String userAgent) {}

    private static Attrs attrs(JsonFields f, Map<String, Object> s, String prefix) {
        Map<String, Object> attrs = f.object(s, "attrs", prefix + "attrs");
        if (attrs == null) {
            if (s.get("attrs") == null) {
                f.problem(prefix + "attrs.release", "is required");
            }
            return new Attrs(null, null, null);
        }
        String release = f.text(attrs, "release", prefix + "attrs.release", 200);
        if (release == null && attrs.get("release") == null || release != null && release.isBlank()) {
            f.problem(prefix + "attrs.release", "is required");
        }
        String environment = f.string(attrs, "environment", prefix + "attrs.environment", 64);
        f.string(attrs, "ip_address", prefix + "attrs.ip_address", 64);
        String userAgent = f.string(attrs, "user_agent", prefix + "attrs.user_agent", 300);
        return new Attrs(
                release == null ? null : release.strip(),
                environment == null || environment.isBlank() ? "production" : environment.strip(),
                userAgent);
    }

    private static int zero(Long value) {
        return value == null ? 0 : value.intValue();
    }

    /** 64 bits of SHA-256: the device id itself is never stored. */
    public static long hashDid(String did) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(did.getBytes(StandardCharsets.UTF_8));
            return ByteBuffer.wrap(digest, 0, 8).getLong();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
