package org.nself.crash.ingest;

import static org.assertj.core.api.Assertions.assertThatCode;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.nself.crash.envelope.EnvelopeFraming;
import org.nself.crash.event.CrashEventParser;
import org.nself.crash.event.InvalidInput;
import org.nself.crash.grouping.GroupingStrategies;
import org.nself.crash.session.SessionParser;

/** Random JSON-shaped trees never make the parsers or the grouping throw anything but InvalidInput. */
class MalformedInputTest {
    private static final List<String> KEYS = List.of(
            "event_id",
            "timestamp",
            "platform",
            "level",
            "release",
            "user",
            "id",
            "fingerprint",
            "exception",
            "values",
            "type",
            "value",
            "mechanism",
            "handled",
            "stacktrace",
            "frames",
            "function",
            "package",
            "module",
            "lineno",
            "instruction_addr",
            "symbol_addr",
            "in_app",
            "threads",
            "crashed",
            "debug_meta",
            "images",
            "image_addr",
            "image_size",
            "sid",
            "seq",
            "init",
            "started",
            "status",
            "errors",
            "attrs",
            "aggregates",
            "did",
            "duration",
            "message",
            "logentry",
            "formatted",
            "tags",
            "contexts");

    private static Object tree(SplittableRandom random, int depth) {
        int kind = random.nextInt(depth > 4 ? 6 : 8);
        return switch (kind) {
            case 0 -> null;
            case 1 -> random.nextBoolean();
            case 2 -> random.nextLong();
            case 3 -> random.nextDouble() * 1e20 - 1e19;
            case 4 ->
                List.of(
                                "0x1f",
                                "2026-11-20T10:00:00Z",
                                "",
                                "{{ default }}",
                                "ok",
                                "crashed",
                                "fatal",
                                "0123456789abcdef0123456789abcdef",
                                "0xzz",
                                "-1")
                        .get(random.nextInt(10));
            case 5 -> "s".repeat(random.nextInt(3));
            case 6 -> {
                List<Object> list = new ArrayList<>();
                for (int i = random.nextInt(4); i > 0; i--) {
                    list.add(tree(random, depth + 1));
                }
                yield list;
            }
            default -> {
                Map<String, Object> map = new HashMap<>();
                for (int i = random.nextInt(6); i > 0; i--) {
                    map.put(KEYS.get(random.nextInt(KEYS.size())), tree(random, depth + 1));
                }
                yield map;
            }
        };
    }

    @Test
    void noRandomPayloadBreaksParsingOrGrouping() {
        SplittableRandom random = new SplittableRandom(7);
        for (int i = 0; i < 20_000; i++) {
            Object tree = tree(random, 0);
            assertThatCode(() -> {
                        try {
                            if (tree instanceof Map<?, ?> map) {
                                @SuppressWarnings("unchecked")
                                Map<String, Object> payload = (Map<String, Object>) map;
                                GroupingStrategies.current()
                                        .group(CrashEventParser.parse(payload, null, Instant.EPOCH));
                            }
                        } catch (InvalidInput expected) {
                            // a refusal is the right answer
                        }
                        try {
                            SessionParser.parse(tree);
                        } catch (InvalidInput expected) {
                            // a refusal is the right answer
                        }
                    })
                    .as("input %s", tree)
                    .doesNotThrowAnyException();
        }
    }

    @Test
    void noRandomBytesBreakEnvelopeFraming() {
        SplittableRandom random = new SplittableRandom(11);
        for (int i = 0; i < 20_000; i++) {
            byte[] body = new byte[random.nextInt(64)];
            for (int j = 0; j < body.length; j++) {
                body[j] = (byte) "{}\n\"length\":9 0a".charAt(random.nextInt(16));
            }
            assertThatCode(() -> {
                        try {
                            EnvelopeFraming.split(body);
                        } catch (InvalidInput expected) {
                            // a refusal is the right answer
                        }
                    })
                    .doesNotThrowAnyException();
        }
    }
}
