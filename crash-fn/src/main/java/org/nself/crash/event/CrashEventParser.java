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

/**
 * Reads a Sentry event payload into a {@link CrashEvent}, checking every field it uses (type and
 * bound) and reporting all problems at once.
 */
public final class CrashEventParser {
    public static final int MAX_FRAMES = 1000;
    public static final int MAX_EXCEPTIONS = 25;
    public static final int MAX_THREADS = 500;
    public static final int MAX_IMAGES = 2000;
    public static final int MAX_FINGERPRINT = 50;
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
        JsonFields f = new JsonFields();
        UUID eventId = eventId(f, payload.get("event_id"), fallbackEventId);
        Instant timestamp = f.timestamp(payload, "timestamp", "timestamp");
        if (timestamp == null || timestamp.isAfter(now.plus(MAX_CLOCK_SKEW))) {
            timestamp = now;
        }
        String platform = f.string(payload, "platform", "platform", 32);
        if (platform == null) {
            platform = "other";
        } else if (!PLATFORM.matcher(platform).matches()) {
            f.problem("platform", "must match " + PLATFORM.pattern());
        }
        Level level = Level.ERROR;
        String rawLevel = f.string(payload, "level", "level", 16);
        if (rawLevel != null) {
            level = Level.parse(rawLevel).orElse(null);
            if (level == null) {
                f.problem("level", "must be one of debug, info, warning, error, fatal");
                level = Level.ERROR;
            }
        }
        String release = blankToNull(f.text(payload, "release", "release", 200));
        String dist = blankToNull(f.text(payload, "dist", "dist", 64));
        String environment = blankToNull(f.string(payload, "environment", "environment", 64));
        String sessionId = blankToNull(f.text(payload, "session_id", "session_id", 64));

        String userId = null;
        String userKey = null;
        Map<String, Object> user = f.object(payload, "user", "user");
        if (user != null) {
            userId = blankToNull(f.text(user, "id", "user.id", 128));
            String email = f.string(user, "email", "user.email", 256);
            String username = f.string(user, "username", "user.username", 128);
            String ip = f.string(user, "ip_address", "user.ip_address", 64);
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
        List<Object> rawFingerprint = f.array(payload, "fingerprint", "fingerprint", MAX_FINGERPRINT);
        for (int i = 0; i < rawFingerprint.size(); i++) {
            Object part = rawFingerprint.get(i);
            if (part instanceof String s && s.length() <= 200) {
                fingerprint.add(s);
            } else if ((part instanceof Number || part instanceof Boolean)
                    && part.toString().length() <= 200) {
                fingerprint.add(part.toString());
            } else {
                f.problem("fingerprint[" + i + "]", "must be a string of at most 200 characters");
            }
        }

        List<ExceptionValue> exceptions = exceptions(f, payload);
        List<Frame> threadFrames = threadFrames(f, payload);
        List<DebugImage> images = images(f, payload);
        String message = message(f, payload);
        for (String key : List.of("contexts", "extra", "request", "sdk", "modules")) {
            f.object(payload, key, key);
        }
        for (String key : List.of("tags", "breadcrumbs")) {
            Object value = payload.get(key);
            if (value != null && !(value instanceof Map) && !(value instanceof List)) {
                f.problem(key, "must be an object or an array");
            }
        }
        f.throwIfAny();
        return new CrashEvent(
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

    private static UUID eventId(JsonFields f, Object raw, UUID fallback) {
        if (raw == null) {
            if (fallback == null) {
                f.problem("event_id", "is required");
            }
            return fallback;
        }
        UUID id = eventIdOrNull(raw);
        if (id == null) {
            f.problem("event_id", "must be 32 hex characters or a UUID");
        }
        return id;
    }

    @SuppressWarnings("unchecked")
    private static List<ExceptionValue> exceptions(JsonFields f, Map<String, Object> payload) {
        Object raw = payload.get("exception");
        List<Object> values;
        if (raw == null) {
            return List.of();
        } else if (raw instanceof Map<?, ?> map) {
            values = f.array((Map<String, Object>) map, "values", "exception.values", MAX_EXCEPTIONS);
        } else if (raw instanceof List<?> list) {
            values = f.array(payload, "exception", "exception", MAX_EXCEPTIONS);
        } else {
            f.problem("exception", "must be an object with values[]");
            return List.of();
        }
        List<ExceptionValue> out = new ArrayList<>();
        for (int i = 0; i < values.size(); i++) {
            String path = "exception.values[" + i + "]";
            Map<String, Object> value = f.asObject(values.get(i), path);
            if (value == null) {
                continue;
            }
            String type = f.string(value, "type", path + ".type", 200);
            String text = f.text(value, "value", path + ".value", 8192);
            String module = f.string(value, "module", path + ".module", 500);
            String mechanismType = null;
            Boolean handled = null;
            Map<String, Object> mechanism = f.object(value, "mechanism", path + ".mechanism");
            if (mechanism != null) {
                mechanismType = f.string(mechanism, "type", path + ".mechanism.type", 100);
                handled = f.bool(mechanism, "handled", path + ".mechanism.handled");
                f.object(mechanism, "meta", path + ".mechanism.meta");
            }
            List<Frame> frames = frames(f, value, path + ".stacktrace");
            if (frames.isEmpty()) {
                frames = frames(f, value, path + ".raw_stacktrace", "raw_stacktrace");
            }
            if (type == null && text == null) {
                f.problem(path, "needs a type or a value");
            }
            out.add(new ExceptionValue(type, text, module, mechanismType, handled, frames));
        }
        return out;
    }

    private static List<Frame> threadFrames(JsonFields f, Map<String, Object> payload) {
        Map<String, Object> threads = f.object(payload, "threads", "threads");
        List<Frame> crashed = List.of();
        List<Frame> current = List.of();
        if (threads != null) {
            List<Object> values = f.array(threads, "values", "threads.values", MAX_THREADS);
            for (int i = 0; i < values.size(); i++) {
                String path = "threads.values[" + i + "]";
                Map<String, Object> thread = f.asObject(values.get(i), path);
                if (thread == null) {
                    continue;
                }
                Boolean isCrashed = f.bool(thread, "crashed", path + ".crashed");
                Boolean isCurrent = f.bool(thread, "current", path + ".current");
                List<Frame> frames = frames(f, thread, path + ".stacktrace");
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
        return frames(f, payload, "stacktrace");
    }

    private static List<Frame> frames(JsonFields f, Map<String, Object> owner, String path) {
        return frames(f, owner, path, "stacktrace");
    }

    private static List<Frame> frames(JsonFields f, Map<String, Object> owner, String path, String key) {
        Map<String, Object> stacktrace = f.object(owner, key, path);
        if (stacktrace == null) {
            return List.of();
        }
        List<Object> raw = f.array(stacktrace, "frames", path + ".frames", MAX_FRAMES);
        List<Frame> frames = new ArrayList<>(raw.size());
        for (int i = 0; i < raw.size(); i++) {
            String p = path + ".frames[" + i + "]";
            Map<String, Object> frame = f.asObject(raw.get(i), p);
            if (frame == null) {
                continue;
            }
            String addrMode = f.string(frame, "addr_mode", p + ".addr_mode", 32);
            if (addrMode != null && !addrMode.equals("abs") && !addrMode.startsWith("rel:")) {
                f.problem(p + ".addr_mode", "must be abs or rel:<image index>");
            }
            Long line = f.integer(frame, "lineno", p + ".lineno", 0, Integer.MAX_VALUE);
            Long col = f.integer(frame, "colno", p + ".colno", 0, Integer.MAX_VALUE);
            frames.add(new Frame(
                    f.string(frame, "function", p + ".function", 2000),
                    f.string(frame, "raw_function", p + ".raw_function", 4000),
                    f.string(frame, "module", p + ".module", 1000),
                    f.string(frame, "package", p + ".package", 1000),
                    f.string(frame, "filename", p + ".filename", 1000),
                    f.string(frame, "abs_path", p + ".abs_path", 2000),
                    line == null ? null : line.intValue(),
                    col == null ? null : col.intValue(),
                    f.bool(frame, "in_app", p + ".in_app"),
                    f.address(frame, "instruction_addr", p + ".instruction_addr"),
                    f.address(frame, "symbol_addr", p + ".symbol_addr"),
                    f.address(frame, "image_addr", p + ".image_addr"),
                    addrMode));
        }
        return frames;
    }

    private static List<DebugImage> images(JsonFields f, Map<String, Object> payload) {
        Map<String, Object> debugMeta = f.object(payload, "debug_meta", "debug_meta");
        if (debugMeta == null) {
            return List.of();
        }
        List<Object> raw = f.array(debugMeta, "images", "debug_meta.images", MAX_IMAGES);
        List<DebugImage> images = new ArrayList<>();
        for (int i = 0; i < raw.size(); i++) {
            String p = "debug_meta.images[" + i + "]";
            Map<String, Object> image = f.asObject(raw.get(i), p);
            if (image == null) {
                continue;
            }
            String type = f.string(image, "type", p + ".type", 32);
            if (type == null) {
                f.problem(p + ".type", "is required");
                continue;
            }
            String debugId = f.string(image, "debug_id", p + ".debug_id", 100);
            if (debugId == null) {
                debugId = f.string(image, "uuid", p + ".uuid", 100);
            }
            Long addr = f.address(image, "image_addr", p + ".image_addr");
            Long size = f.integer(image, "image_size", p + ".image_size", 0, Long.MAX_VALUE);
            Long vmaddr = f.address(image, "image_vmaddr", p + ".image_vmaddr");
            images.add(new DebugImage(
                    type.toLowerCase(Locale.ROOT),
                    addr == null ? 0 : addr,
                    size == null ? 0 : size,
                    debugId,
                    f.string(image, "code_id", p + ".code_id", 100),
                    f.string(image, "debug_file", p + ".debug_file", 1000),
                    f.string(image, "code_file", p + ".code_file", 1000),
                    vmaddr == null ? 0 : vmaddr,
                    f.string(image, "arch", p + ".arch", 32)));
        }
        return images;
    }

    private static String message(JsonFields f, Map<String, Object> payload) {
        Object raw = payload.get("message");
        if (raw instanceof String) {
            return f.string(payload, "message", "message", 8192);
        }
        for (String key : List.of("logentry", "message")) {
            Map<String, Object> entry = f.object(payload, key, key);
            if (entry != null) {
                String formatted = f.string(entry, "formatted", key + ".formatted", 8192);
                String message = f.string(entry, "message", key + ".message", 8192);
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
