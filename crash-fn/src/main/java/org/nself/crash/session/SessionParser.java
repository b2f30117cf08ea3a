package org.nself.crash.session;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.nself.crash.event.CrashEventParser;
import org.nself.crash.event.InvalidInput;
import org.nself.crash.event.SentryValues;
import org.nself.shared.json.JsonFields;
import org.nself.shared.json.Problems;
import org.nself.shared.json.TextRule;

/**
 * Reads session payloads: one update, an array of updates, or {@code {"aggregates":[…],"attrs":{…}}};
 * at most {@link #MAX_SESSIONS} entries, every field checked.
 */
public final class SessionParser {
    public static final int MAX_SESSIONS = 100;
    private static final Pattern SID = Pattern.compile("[0-9A-Za-z_.:-]{1,64}");

    private SessionParser() {}

    public static SessionBatch parse(Object body) {
        Problems problems = Problems.collecting(CrashEventParser.MAX_PROBLEMS);
        List<SessionUpdate> updates = new ArrayList<>();
        List<SessionAggregate> aggregates = new ArrayList<>();
        if (body instanceof List<?> list) {
            if (list.size() > MAX_SESSIONS) {
                problems.add("body", "must have at most " + MAX_SESSIONS + " sessions");
            } else if (list.isEmpty()) {
                problems.add("body", "must not be empty");
            } else {
                JsonFields root = fields(Map.of(), problems);
                for (int i = 0; i < list.size(); i++) {
                    if (list.get(i) instanceof Map<?, ?> update) {
                        addUpdate(root.at(update, "[" + i + "]"), updates);
                    } else {
                        problems.add("[" + i + "]", "must be an object");
                    }
                }
            }
        } else if (body instanceof Map<?, ?> map) {
            JsonFields object = fields(map, problems);
            if (object.has("aggregates")) {
                addAggregates(object, aggregates);
            } else {
                addUpdate(object, updates);
            }
        } else {
            problems.add("body", "must be a session object, an array of them, or session aggregates");
        }
        InvalidInput.throwIfAny(problems);
        return new SessionBatch(updates, aggregates);
    }

    /** One update (a Sentry {@code session} envelope item). */
    public static SessionUpdate parseOne(Map<String, Object> update) {
        Problems problems = Problems.collecting(CrashEventParser.MAX_PROBLEMS);
        List<SessionUpdate> out = new ArrayList<>();
        addUpdate(fields(update, problems), out);
        InvalidInput.throwIfAny(problems);
        return out.get(0);
    }

    /** Sessions are SDK payloads, read as permissively as events: NUL characters are dropped. */
    private static JsonFields fields(Map<?, ?> map, Problems problems) {
        return JsonFields.of(map, TextRule.DROP_NUL, problems);
    }

    private static void addUpdate(JsonFields s, List<SessionUpdate> out) {
        int before = s.problems().size();
        String sid = s.text("sid", 64);
        if (sid == null) {
            if (s.raw("sid") == null) {
                s.error("sid", "is required");
            }
        } else if (!SID.matcher(sid).matches()) {
            s.error("sid", "must be a UUID or up to 64 letters, digits, '_', '.', ':' or '-'");
        }
        Instant started = SentryValues.timestamp(s, "started");
        if (started == null && s.raw("started") == null) {
            s.error("started", "is required");
        }
        Instant timestamp = SentryValues.timestamp(s, "timestamp");
        Long seq = SentryValues.integer(s, "seq", 0, Long.MAX_VALUE);
        Boolean init = s.bool("init");
        Double duration = SentryValues.decimal(s, "duration", 0, 1e9);
        Long errors = SentryValues.integer(s, "errors", 0, Integer.MAX_VALUE);
        SessionStatus status = SentryValues.oneOf(
                s, "status", SessionStatus.OK, SessionStatus::parse, "ok, exited, crashed, abnormal, errored");
        String mechanism = s.string("abnormal_mechanism", 64, false);
        String did = s.text("did", 256);
        Attrs attrs = attrs(s);
        if (s.problems().size() > before) {
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

    private static void addAggregates(JsonFields body, List<SessionAggregate> out) {
        Attrs attrs = attrs(body);
        List<Object> entries = body.array("aggregates", MAX_SESSIONS);
        List<Counts> read = new ArrayList<>();
        for (int i = 0; i < entries.size(); i++) {
            JsonFields a = body.item("aggregates", i, entries.get(i));
            if (a == null) {
                continue;
            }
            int before = a.problems().size();
            Instant started = SentryValues.timestamp(a, "started");
            if (started == null && a.raw("started") == null) {
                a.error("started", "is required");
            }
            String did = a.text("did", 256);
            Long exited = SentryValues.integer(a, "exited", 0, 1_000_000);
            Long errored = SentryValues.integer(a, "errored", 0, 1_000_000);
            Long abnormal = SentryValues.integer(a, "abnormal", 0, 1_000_000);
            Long crashed = SentryValues.integer(a, "crashed", 0, 1_000_000);
            if (a.problems().size() > before || attrs.release == null) {
                continue;
            }
            read.add(new Counts(
                    started,
                    did == null ? null : hashDid(did),
                    zero(exited),
                    zero(errored),
                    zero(abnormal),
                    zero(crashed)));
        }
        // an SDK sends no id with its aggregates: what the whole payload says is all that tells a resend
        // (same keys) from a later flush with other counts for the same minute (new keys)
        String payload = HexFormat.of().formatHex(sha256(attrs.release + "|" + attrs.environment + "|" + read));
        for (int i = 0; i < read.size(); i++) {
            Counts c = read.get(i);
            out.add(new SessionAggregate(
                    c.started,
                    c.didHash,
                    c.exited,
                    c.errored,
                    c.abnormal,
                    c.crashed,
                    attrs.release,
                    attrs.environment,
                    hash64(i + "#" + payload)));
        }
    }

    /** One aggregates entry as read; its string form is part of its payload's resend keys. */
    private record Counts(Instant started, Long didHash, int exited, int errored, int abnormal, int crashed) {}

    private record Attrs(String release, String environment, String userAgent) {}

    private static Attrs attrs(JsonFields s) {
        JsonFields attrs = s.object("attrs");
        if (attrs == null) {
            if (s.raw("attrs") == null) {
                s.error("attrs.release", "is required");
            }
            return new Attrs(null, null, null);
        }
        String release = attrs.text("release", 200);
        if (release == null && attrs.raw("release") == null || release != null && release.isBlank()) {
            attrs.error("release", "is required");
        }
        String environment = attrs.string("environment", 64, false);
        attrs.string("ip_address", 64, false);
        String userAgent = attrs.string("user_agent", 300, false);
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
        return hash64(did);
    }

    private static long hash64(String text) {
        return ByteBuffer.wrap(sha256(text), 0, 8).getLong();
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
