package org.nself.crash.envelope;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.nself.crash.event.InvalidInput;
import org.nself.crash.event.Problem;

/**
 * Splits an envelope (https://develop.sentry.dev/sdk/envelopes/): a header line, then items, each a
 * header line and a payload that is either {@code length} bytes long or runs to the next newline.
 * The item header's {@code length} is read by the caller-supplied function, so this stays free of
 * any JSON library.
 */
public final class EnvelopeFraming {
    public static final int MAX_ITEMS = 1000;
    private static final Pattern LENGTH = Pattern.compile("\"length\"\\s*:\\s*(\\d{1,10})");

    private EnvelopeFraming() {}

    public static Envelope split(byte[] body) {
        return split(body, EnvelopeFraming::lengthOf);
    }

    static Envelope split(byte[] body, Function<byte[], Long> lengthOf) {
        int end = lineEnd(body, 0);
        byte[] header = Arrays.copyOfRange(body, 0, end);
        if (isBlank(header)) {
            throw invalid("envelope", "must start with a header line");
        }
        List<Envelope.Item> items = new ArrayList<>();
        int at = Math.min(end + 1, body.length);
        while (at < body.length) {
            int headerEnd = lineEnd(body, at);
            byte[] itemHeader = Arrays.copyOfRange(body, at, headerEnd);
            at = headerEnd + 1;
            if (isBlank(itemHeader)) {
                continue; // trailing newlines
            }
            if (items.size() >= MAX_ITEMS) {
                throw invalid("envelope", "must have at most " + MAX_ITEMS + " items");
            }
            Long length = lengthOf.apply(itemHeader);
            byte[] payload;
            if (length != null) {
                if (at > body.length || length > body.length - Math.min(at, body.length)) {
                    throw invalid("envelope.items[" + items.size() + "]", "is shorter than its length header");
                }
                payload = Arrays.copyOfRange(body, at, at + length.intValue());
                at += length.intValue();
                if (at < body.length && body[at] == '\n') {
                    at++;
                }
            } else {
                int payloadEnd = lineEnd(body, Math.min(at, body.length));
                payload = at >= body.length ? new byte[0] : Arrays.copyOfRange(body, at, payloadEnd);
                at = payloadEnd + 1;
            }
            items.add(new Envelope.Item(itemHeader, payload));
        }
        return new Envelope(header, items);
    }

    private static Long lengthOf(byte[] header) {
        Matcher m = LENGTH.matcher(new String(header, StandardCharsets.UTF_8));
        return m.find() ? Long.parseLong(m.group(1)) : null;
    }

    private static int lineEnd(byte[] body, int from) {
        for (int i = from; i < body.length; i++) {
            if (body[i] == '\n') {
                return i;
            }
        }
        return body.length;
    }

    private static boolean isBlank(byte[] line) {
        for (byte b : line) {
            if (b != ' ' && b != '\r' && b != '\t') {
                return false;
            }
        }
        return true;
    }

    private static InvalidInput invalid(String field, String message) {
        return new InvalidInput(List.of(new Problem(field, message)));
    }
}
