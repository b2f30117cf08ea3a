package org.nself.crash.event;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;
import org.nself.shared.limits.StorableValues;

/** The tags a crash report is filtered and broken down by: read from the event, its contexts and its tags. */
class EventTagsTest {
    private static EventTags tagsOf(Object... keyValues) {
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("event_id", UUID.randomUUID().toString());
        payload.put("message", "m");
        for (int i = 0; i < keyValues.length; i += 2) {
            payload.put((String) keyValues[i], keyValues[i + 1]);
        }
        return CrashEventParser.parse(payload, null, Instant.now()).attributes().tags();
    }

    @Test
    void theEventsLevelReleaseEnvironmentAndContextsAreTags() {
        EventTags tags = tagsOf(
                "level", "fatal",
                "release", "app@2.1",
                "environment", "production",
                "contexts",
                        Map.of(
                                "os", Map.of("name", "Android", "version", "14", "build", "UP1A"),
                                "device", Map.of("model", "Pixel 8", "family", "Pixel"),
                                "app", Map.of("app_version", "2.1.0", "app_build", "210")));

        assertThat(tags.values())
                .containsExactly(
                        Map.entry("level", "fatal"),
                        Map.entry("release", "app@2.1"),
                        Map.entry("environment", "production"),
                        Map.entry("os.name", "Android"),
                        Map.entry("os.version", "14"),
                        Map.entry("device.model", "Pixel 8"),
                        Map.entry("app.version", "2.1.0"));
        assertThat(tags.dropped()).isEmpty();
    }

    @Test
    void theAppBuildIsTheAppVersionWhenThereIsNoneAndNumbersAreText() {
        EventTags tags = tagsOf("contexts", Map.of("app", Map.of("app_build", 210), "os", Map.of("version", 14.5)));

        assertThat(tags.values()).containsEntry("app.version", "210").containsEntry("os.version", "14.5");
    }

    @Test
    void theAppsTagsComeAsAnObjectOrAsPairs() {
        EventTags object = tagsOf("tags", Map.of("screen", "checkout", "beta", true, "build", 42));
        EventTags pairs = tagsOf("tags", List.of(List.of("screen", "checkout"), Arrays.asList("beta", true)));

        assertThat(object.values())
                .containsEntry("screen", "checkout")
                .containsEntry("beta", "true")
                .containsEntry("build", "42")
                .containsEntry("level", "error");
        assertThat(pairs.values()).containsEntry("screen", "checkout").containsEntry("beta", "true");
        assertThat(object.dropped()).isEmpty();
        assertThat(pairs.dropped()).isEmpty();
    }

    @Test
    void aTagBreakingALimitIsDroppedWithItsReasonAndTheEventIsKept() {
        Map<String, Object> tags = new LinkedHashMap<>();
        tags.put("ok", "kept");
        tags.put("k".repeat(33), "key too long");
        tags.put("has space", "bad key");
        tags.put("long", "v".repeat(201));
        tags.put("multi", "two\nlines");
        tags.put("empty", "");
        tags.put("nested", Map.of("a", "b"));
        tags.put("none", null);
        tags.put("release", "not-the-release");

        EventTags read = tagsOf("release", "app@1", "tags", tags);

        assertThat(read.values())
                .containsExactly(Map.entry("level", "error"), Map.entry("release", "app@1"), Map.entry("ok", "kept"));
        assertThat(read.dropped())
                .extracting(Problem::field)
                .containsExactly(
                        "tags", "tags", "tags.long", "tags.multi", "tags.empty", "tags.nested", "tags.release");
        assertThat(read.dropped().get(0).message())
                .contains("\"" + "k".repeat(32) + "…\"")
                .contains("1 to 32");
        assertThat(read.dropped().get(2).message()).contains("1 to 200 characters");
        assertThat(read.dropped().get(3).message()).contains("line break");
        assertThat(read.dropped().get(6).message()).contains("taken from the event");
    }

    @Test
    void malformedPairsAndRepeatedKeysAreDroppedOneByOne() {
        EventTags read = tagsOf(
                "tags",
                List.of(
                        List.of("a", "1"),
                        "not a pair",
                        List.of("b"),
                        List.of(7, "numeric key"),
                        List.of("a", "2"),
                        List.of("c", "3")));

        assertThat(read.values())
                .containsEntry("a", "1")
                .containsEntry("c", "3")
                .doesNotContainKey("b");
        assertThat(read.dropped())
                .extracting(Problem::field)
                .containsExactly("tags[1]", "tags[2]", "tags[3]", "tags[4]");
        assertThat(read.dropped().get(3).message()).contains("first value is kept");
    }

    @Test
    void atMostFiftyAppTagsAreKeptAndTheRestAreCountedInOneProblem() {
        Map<String, Object> many = new LinkedHashMap<>();
        for (int i = 0; i < 80; i++) {
            many.put("t" + i, "v" + i);
        }

        EventTags read = tagsOf("tags", many);

        assertThat(read.values())
                .hasSize(EventTags.MAX_APP_TAGS + 1)
                .containsKey("t49")
                .doesNotContainKey("t50");
        assertThat(read.dropped()).singleElement().satisfies(p -> assertThat(p.message())
                .isEqualTo("at most 50 tags are kept: 30 more dropped"));
    }

    @Test
    void hostileTextIsNeverKeptAsItCame() {
        Map<String, Object> tags = new LinkedHashMap<>();
        tags.put("nul", "a\u0000b");
        tags.put("surrogate", "x\ud800y");
        tags.put("bad\u0000key", "v");
        tags.put("\ud800", "v");
        tags.put("huge", new BigDecimal("1e400"));

        EventTags read =
                tagsOf("tags", tags, "contexts", Map.of("os", "Linux 6.1", "device", Map.of("model", List.of("x"))));

        assertThat(read.values()).containsEntry("nul", "ab").containsEntry("huge", "1E+400");
        assertThat(read.values()).doesNotContainKeys("surrogate", "os.name", "device.model");
        assertThat(read.dropped())
                .extracting(Problem::field)
                .contains("contexts.os", "contexts.device.model", "tags.surrogate", "tags");
        for (Problem p : read.dropped()) {
            assertThat(StorableValues.textProblem(p.message())).isNull();
            assertThat(p.message()).doesNotContain("\n");
        }
    }

    @Test
    void aPayloadWithATagsValueOfTheWrongTypeIsStillRefusedAsBefore() {
        Map<String, Object> payload = new HashMap<>();
        payload.put("event_id", UUID.randomUUID().toString());
        payload.put("message", "m");
        payload.put("tags", "a string");

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> CrashEventParser.parse(payload, null, Instant.now()))
                .isInstanceOf(InvalidInput.class);
    }

    @Property(tries = 300)
    void noTagsOrContextsBreakTheLimitsOrTheParser(
            @ForAll("hostileTags") Object tags, @ForAll("hostileValues") Object os) {
        EventTags read = tagsOf("tags", tags, "contexts", Map.of("os", os));

        assertThat(read.dropped()).hasSizeLessThanOrEqualTo(EventTags.MAX_DROPPED);
        assertThat(read.values().size()).isLessThanOrEqualTo(EventTags.MAX_APP_TAGS + EventTags.FROM_EVENT.size());
        read.values().forEach((key, value) -> {
            assertThat(EventTags.keyProblem(key)).isNull();
            assertThat(EventTags.valueProblem(value)).isNull();
        });
    }

    @Provide
    Arbitrary<Object> hostileValues() {
        Arbitrary<String> text = Arbitraries.strings()
                .withCharRange('\u0000', '\uffff')
                .ofMaxLength(260)
                .edgeCases(e -> e.add("\ud800").add("a\nb").add("k".repeat(33)));
        Arbitrary<Object> scalar = Arbitraries.oneOf(
                text.map(s -> (Object) s),
                Arbitraries.integers().map(i -> (Object) i),
                Arbitraries.just(true),
                Arbitraries.just(new BigDecimal("1e999")));
        Arbitrary<Object> map = Arbitraries.maps(text, scalar).ofMaxSize(70).map(m -> (Object) new HashMap<>(m));
        Arbitrary<Object> pairs = Arbitraries.oneOf(
                        Arbitraries.entries(text, scalar).map(e -> (Object) Arrays.asList(e.getKey(), e.getValue())),
                        scalar)
                .list()
                .ofMaxSize(70)
                .map(l -> (Object) new ArrayList<>(l));
        return Arbitraries.oneOf(map, pairs, scalar);
    }

    /** What the parser lets through to the tags: an object or an array (anything else refuses the event). */
    @Provide
    Arbitrary<Object> hostileTags() {
        return hostileValues().filter(v -> v instanceof Map || v instanceof List);
    }
}
