package org.nself.shared.json;

import io.micronaut.context.annotation.Primary;
import io.micronaut.core.type.Argument;
import io.micronaut.serde.Decoder;
import io.micronaut.serde.Encoder;
import io.micronaut.serde.Serde;
import io.micronaut.serde.exceptions.SerdeException;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import org.nself.shared.time.Rfc3339;

/**
 * Timestamps on the wire are RFC 3339 UTC with milliseconds, always ({@code 2026-05-17T10:00:00.000Z}),
 * and accepted with any offset or precision.
 */
@Singleton
@Primary
final class InstantMillisSerde implements Serde<Instant> {
    @Override
    public void serialize(Encoder encoder, EncoderContext context, Argument<? extends Instant> type, Instant value)
            throws IOException {
        encoder.encodeString(Rfc3339.format(value));
    }

    @Override
    public Instant deserialize(Decoder decoder, DecoderContext context, Argument<? super Instant> type)
            throws IOException {
        String text = decoder.decodeString();
        try {
            return Rfc3339.parse(text);
        } catch (DateTimeParseException e) {
            throw new SerdeException("'" + text + "' is not an RFC 3339 timestamp");
        }
    }
}
