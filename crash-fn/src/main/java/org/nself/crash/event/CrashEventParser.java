package org.nself.crash.event;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;
import org.nself.shared.json.JsonFields;
import org.nself.shared.json.Problems;
import org.nself.shared.json.TextRule;

/**
 * Reads a Sentry event payload into a {@link CrashEvent}, checking every field it uses (type and
 * bound) and reporting all problems at once (at most {@link #MAX_PROBLEMS}). Permissive as Sentry's
 * own schema is: of the fields it does not use, a few are checked for their type and the rest not
 * read; NUL characters are dropped from the text fields it reads.
 */
public final class CrashEventParser {
    public static final int MAX_FRAMES = 1000;
    public static final int MAX_EXCEPTIONS = 25;
    public static final int MAX_THREADS = 500;
    public static final int MAX_IMAGES = 2000;
    public static final int MAX_FINGERPRINT = 50;
    /** Problems reported of one payload: a hostile one with a million bad fields gets a bounded answer. */
    public static final int MAX_PROBLEMS = 50;

    static final Duration MAX_CLOCK_SKEW = Duration.ofDays(1);
    private static final Pattern HEX32 = Pattern.compile("[0-9a-fA-F]{32}");
    private static final Pattern UUID_TEXT =
            Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
    private static final Pattern PLATFORM = Pattern.compile("[a-z0-9_.-]{1,32}");

    private CrashEventParser() {}

    /**
     * @param fallbackEventId used when the payload has none (an envelope header names it); null means required
     * @param now the receive time: a missing timestamp, or one more than a day ahead, becomes it
     */
    public static CrashEvent parse(Map<String, Object> payload, UUID fallbackEventId, Instant now) {
        JsonFields f = JsonFields.of(payload, TextRule.DROP_NUL, Problems.collecting(MAX_PROBLEMS));
        UUID eventId = eventId(f, fallbackEventId);
        Instant timestamp = SentryValues.timestamp(f, "timestamp");
        if (timestamp == null || timestamp.isAfter(now.plus(MAX_CLOCK_SKEW))) {
            timestamp = now;
        }
        String platform = f.string("platform", 32, false);
        if (platform == null) {
            platform = "other";
        } else if (!PLATFORM.matcher(platform).matches()) {
            f.error("platform", "must match " + PLATFORM.pattern());
        }
        Level level = SentryValues.oneOf(f, "level", Level.ERROR, Level::parse, "debug, info, warning, error, fatal");
        String release = blankToNull(f.text("release", 200));
        String dist = blankToNull(f.text("dist", 64));
        String environment = blankToNull(f.string("environment", 64, false));
        String sessionId = blankToNull(f.text("session_id", 64));

        String userId = null;
        String userKey = null;
        JsonFields user = f.object("user");
        if (user != null) {
            userId = blankToNull(user.text("id", 128));
            String email = user.string("email", 256, false);
            String username = user.string("username", 128, false);
            String ip = user.string("ip_address", 64, false);
            String identity = userId != null
                    ? "id:" + userId
                    : email != null
                            ? "email:" + email
                            : username != null
                                    ? "username:" + username
                                    : ip != null && !ip.equals("{{auto}}") ? "ip:" + ip : null;
            userKey = identity == null ? null : hash16(identity);
        }

        List<String> fingerprint = new ArrayList<>();
        List<Object> rawFingerprint = f.array("fingerprint", MAX_FINGERPRINT);
        for (int i = 0; i < rawFingerprint.size(); i++) {
            Object part = rawFingerprint.get(i);
            if (part instanceof String s && s.length() <= 200) {
                fingerprint.add(s);
            } else if ((part instanceof Number || part instanceof Boolean)
                    && part.toString().length() <= 200) {
                fingerprint.add(part.toString());
            } else {
                f.error("fingerprint[" + i + "]", "must be a string of at most 200 characters");
            }
        }

        List<ExceptionValue> exceptions = exceptions(f);
        List<Frame> threadFrames = threadFrames(f);
        List<DebugImage> images = images(f);
        String message = message(f);
        for (String key : List.of("contexts", "extra", "request", "sdk", "modules")) {
            f.object(key);
        }
        for (String key : List.of("tags", "breadcrumbs")) {
            Object value = f.raw(key);
            if (value != null && !(value instanceof Map) && !(value instanceof List)) {
                f.error(key, "must be an object or an array");
            }
        }
        InvalidInput.throwIfAny(f.problems());
        EventTags tags = EventTags.read(level, release, environment, f.raw("contexts"), f.raw("tags"));
        return new CrashEvent(
                new EventAttributes(
                        eventId,
                        timestamp,
                        platform,
                        level,
                        release,
                        dist,
                        environment,
                        userKey,
                        userId,
                        sessionId,
                        fingerprint,
                        tags),
                exceptions,
                threadFrames,
                images,
                message,
                payload);
    }

    /** The event id of a payload in the canonical form, or null when it is absent or malformed. */
    public static UUID eventIdOrNull(Object raw) {
        if (raw instanceof String s) {
            if (HEX32.matcher(s).matches()) {
                return new UUID(
                        Long.parseUnsignedLong(s.substring(0, 16), 16), Long.parseUnsignedLong(s.substring(16), 16));
            }
            if (UUID_TEXT.matcher(s).matches()) {
                return UUID.fromString(s);
            }
        }
        return null;
    }

    /** The 32-hex form Sentry uses on the wire. */
    public static String hex(UUID id) {
        return id.toString().replace("-", "");
    }

    private static UUID eventId(JsonFields f, UUID fallback) {
        Object raw = f.raw("event_id");
        if (raw == null) {
            if (fallback == null) {
                f.error("event_id", "is required");
            }
            return fallback;
        }
        UUID id = eventIdOrNull(raw);
        if (id == null) {
            f.error("event_id", "must be 32 hex characters or a UUID");
        }
        return id;
    }

    private static List<ExceptionValue> exceptions(JsonFields f) {
        Object raw = f.raw("exception");
        List<Object> values;
        if (raw == null) {
            return List.of();
        } else if (raw instanceof Map<?, ?>) {
            values = f.object("exception").array("values", MAX_EXCEPTIONS);
        } else if (raw instanceof List<?>) {
            values = f.array("exception", MAX_EXCEPTIONS);
        } else {
            f.error("exception", "must be an object with values[]");
            return List.of();
        }
        List<ExceptionValue> out = new ArrayList<>();
        for (int i = 0; i < values.size(); i++) {
            // the path names values[] even when the SDK sent the array itself as "exception"
            String path = "exception.values[" + i + "]";
            if (!(values.get(i) instanceof Map<?, ?> map)) {
                f.problems().add(path, "must be an object");
                continue;
            }
            JsonFields value = f.at(map, path);
            String type = value.string("type", 200, false);
            String text = value.text("value", 8192);
            String module = value.string("module", 500, false);
            String mechanismType = null;
            Boolean handled = null;
            JsonFields mechanism = value.object("mechanism");
            if (mechanism != null) {
                mechanismType = mechanism.string("type", 100, false);
                handled = mechanism.bool("handled");
                mechanism.object("meta");
            }
            List<Frame> frames = frames(value, "stacktrace");
            if (frames.isEmpty()) {
                frames = frames(value, "raw_stacktrace");
            }
            if (type == null && text == null) {
                f.problems().add(path, "needs a type or a value");
            }
            out.add(new ExceptionValue(type, text, module, mechanismType, handled, frames));
        }
        return out;
    }

    private static List<Frame> threadFrames(JsonFields f) {
        JsonFields threads = f.object("threads");
        List<Frame> crashed = List.of();
        List<Frame> current = List.of();
        if (threads != null) {
            List<Object> values = threads.array("values", MAX_THREADS);
            for (int i = 0; i < values.size(); i++) {
                JsonFields thread = threads.item("values", i, values.get(i));
                if (thread == null) {
                    continue;
                }
                Boolean isCrashed = thread.bool("crashed");
                Boolean isCurrent = thread.bool("current");
                List<Frame> frames = frames(thread, "stacktrace");
                if (Boolean.TRUE.equals(isCrashed) && crashed.isEmpty()) {
                    crashed = frames;
                } else if (Boolean.TRUE.equals(isCurrent) && current.isEmpty()) {
                    current = frames;
                }
            }
        }
        if (!crashed.isEmpty()) {
            return crashed;
        }
        if (!current.isEmpty()) {
            return current;
        }
        return frames(f, "stacktrace");
    }

    /** The frames of {@code owner}'s stack trace object {@code key}. */
    private static List<Frame> frames(JsonFields owner, String key) {
        JsonFields stacktrace = owner.object(key);
        if (stacktrace == null) {
            return List.of();
        }
        List<Object> raw = stacktrace.array("frames", MAX_FRAMES);
        List<Frame> frames = new ArrayList<>(raw.size());
        for (int i = 0; i < raw.size(); i++) {
            JsonFields frame = stacktrace.item("frames", i, raw.get(i));
            if (frame == null) {
                continue;
            }
            String addrMode = frame.string("addr_mode", 32, false);
            if (addrMode != null && !addrMode.equals("abs") && !addrMode.startsWith("rel:")) {
                frame.error("addr_mode", "must be abs or rel:<image index>");
            }
            Long line = SentryValues.integer(frame, "lineno", 0, Integer.MAX_VALUE);
            Long col = SentryValues.integer(frame, "colno", 0, Integer.MAX_VALUE);
            frames.add(new Frame(
                    frame.string("function", 2000, false),
                    frame.string("raw_function", 4000, false),
                    frame.string("module", 1000, false),
                    frame.string("package", 1000, false),
                    frame.string("filename", 1000, false),
                    frame.string("abs_path", 2000, false),
                    line == null ? null : line.intValue(),
                    col == null ? null : col.intValue(),
                    frame.bool("in_app"),
                    SentryValues.address(frame, "instruction_addr"),
                    SentryValues.address(frame, "symbol_addr"),
                    SentryValues.address(frame, "image_addr"),
                    addrMode));
        }
        return frames;
    }

    private static List<DebugImage> images(JsonFields f) {
        JsonFields debugMeta = f.object("debug_meta");
        if (debugMeta == null) {
            return List.of();
        }
        List<Object> raw = debugMeta.array("images", MAX_IMAGES);
        List<DebugImage> images = new ArrayList<>();
        for (int i = 0; i < raw.size(); i++) {
            JsonFields image = debugMeta.item("images", i, raw.get(i));
            if (image == null) {
                continue;
            }
            String type = image.string("type", 32, false);
            if (type == null) {
                image.error("type", "is required");
                continue;
            }
            String debugId = image.string("debug_id", 100, false);
            if (debugId == null) {
                debugId = image.string("uuid", 100, false);
            }
            Long addr = SentryValues.address(image, "image_addr");
            Long size = SentryValues.integer(image, "image_size", 0, Long.MAX_VALUE);
            Long vmaddr = SentryValues.address(image, "image_vmaddr");
            images.add(new DebugImage(
                    type.toLowerCase(Locale.ROOT),
                    addr == null ? 0 : addr,
                    size == null ? 0 : size,
                    debugId,
                    image.string("code_id", 100, false),
                    image.string("debug_file", 1000, false),
                    image.string("code_file", 1000, false),
                    vmaddr == null ? 0 : vmaddr,
                    image.string("arch", 32, false)));
        }
        return images;
    }

    private static String message(JsonFields f) {
        if (f.raw("message") instanceof String) {
            return f.string("message", 8192, false);
        }
        for (String key : List.of("logentry", "message")) {
            JsonFields entry = f.object(key);
            if (entry != null) {
                String formatted = entry.string("formatted", 8192, false);
                String message = entry.string("message", 8192, false);
                if (formatted != null || message != null) {
                    return formatted != null ? formatted : message;
                }
            }
        }
        return null;
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }

    /** 16 hex characters of SHA-256: how user identities are stored. */
    public static String hash16(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
