package org.nself.crash.envelope;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.nself.crash.event.InvalidInput;

class EnvelopeFramingTest {
    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void itemsWithALengthMayContainNewlinesAndItemsWithoutOneEndAtTheNewline() {
        Envelope envelope = EnvelopeFraming.split(bytes(
                "{\"event_id\":\"x\"}\n{\"type\":\"attachment\",\"length\":5}\na\nb\nc\n{\"type\":\"event\"}\n{}"));

        assertThat(envelope.items()).hasSize(2);
        assertThat(new String(envelope.items().get(0).payload(), StandardCharsets.UTF_8))
                .isEqualTo("a\nb\nc");
        assertThat(new String(envelope.items().get(1).payload(), StandardCharsets.UTF_8))
                .isEqualTo("{}");
    }

    @Test
    void anEnvelopeWithOnlyAHeaderHasNoItems() {
        assertThat(EnvelopeFraming.split(bytes("{}\n")).items()).isEmpty();
        assertThat(EnvelopeFraming.split(bytes("{}")).items()).isEmpty();
    }

    @Test
    void aLengthBeyondTheBodyIsRefused() {
        assertThatThrownBy(() -> EnvelopeFraming.split(bytes("{}\n{\"type\":\"event\",\"length\":99}\n{}")))
                .isInstanceOf(InvalidInput.class);
        assertThatThrownBy(() -> EnvelopeFraming.split(bytes("\n"))).isInstanceOf(InvalidInput.class);
    }

    @Test
    void theKeyIsFoundInEachPlaceSdksPutIt() {
        String key = "0123456789abcdef0123456789abcdef";
        assertThat(SentryAuth.key("Sentry sentry_version=7, sentry_key=" + key, null, null, null))
                .contains(key);
        assertThat(SentryAuth.key(null, "Sentry sentry_key=" + key, null, null)).contains(key);
        assertThat(SentryAuth.key(null, null, key, null)).contains(key);
        assertThat(SentryAuth.key(null, null, null, "https://" + key + "@errors.example.com/42"))
                .contains(key);
        assertThat(SentryAuth.key(null, null, "short", null)).isEmpty();
    }
}
