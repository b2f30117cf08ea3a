package org.nself.crash.grouping;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.nself.crash.event.CrashEvent;
import org.nself.crash.event.CrashEventParser;

/** Hand-written Sentry-shaped payloads for grouping tests. */
final class Events {
    private Events() {}

    static Map<String, Object> frame(Object... keyValues) {
        Map<String, Object> frame = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            frame.put((String) keyValues[i], keyValues[i + 1]);
        }
        return frame;
    }

    static Map<String, Object> exception(String type, String value, boolean handled, List<Map<String, Object>> frames) {
        return Map.of(
                "type",
                type,
                "value",
                value,
                "mechanism",
                Map.of("type", "signalhandler", "handled", handled),
                "stacktrace",
                Map.of("frames", frames));
    }

    static Map<String, Object> payload(String platform, Map<String, Object> exception, Object... extra) {
        Map<String, Object> payload = new HashMap<>();
        payload.put("event_id", UUID.randomUUID().toString().replace("-", ""));
        payload.put("platform", platform);
        payload.put("exception", Map.of("values", List.of(exception)));
        for (int i = 0; i < extra.length; i += 2) {
            payload.put((String) extra[i], extra[i + 1]);
        }
        return payload;
    }

    static CrashEvent parse(Map<String, Object> payload) {
        return CrashEventParser.parse(payload, null, Instant.parse("2026-01-01T00:00:00Z"));
    }

    static Grouping group(Map<String, Object> payload) {
        return GroupingStrategies.current().group(parse(payload));
    }

    @SafeVarargs
    static List<Map<String, Object>> frames(Map<String, Object>... frames) {
        return new ArrayList<>(List.of(frames));
    }
}
