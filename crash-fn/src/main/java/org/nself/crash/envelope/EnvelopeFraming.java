package org.nself.crash.envelope;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongConsumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.nself.crash.event.InvalidInput;

/**
 * Splits an envelope (https://develop.sentry.dev/sdk/envelopes/): a header line, then items, each a
 * header line and a payload that is either {@code length} bytes long or runs to the next newline.
 * {@link Reader} does it while the body streams in, holding one line or one payload at a time, so an
 * envelope costs the memory of its largest kept item, not of its size.
 */
public final class EnvelopeFraming {
    public static final int MAX_ITEMS = 1000;
    /** Envelope and item header lines are a few hundred bytes in practice; this bounds what one costs. */
    public static final int MAX_HEADER_LINE_BYTES = 64 * 1024;
    /**
     * The reason a broken envelope is refused (400) under, Relay's: its framing decides where every item
     * starts, so nothing after the break can be read.
     */
    public static final String INVALID_ENVELOPE = "invalid_envelope";

    private static final Pattern LENGTH = Pattern.compile("\"length\"\\s*:\\s*(\\d{1,10})");
    private static final int CHUNK = 16 * 1024;

    private EnvelopeFraming() {}

    /** Frames a whole envelope held in memory (no size limits beyond the item count). */
    public static Envelope split(byte[] body) {
        Reader reader = new Reader(new ByteArrayInputStream(body), Integer.MAX_VALUE);
        byte[] header = reader.header();
        List<Envelope.Item> items = new ArrayList<>();
        for (byte[] itemHeader = reader.nextItemHeader(); itemHeader != null; itemHeader = reader.nextItemHeader()) {
            items.add(new Envelope.Item(itemHeader, reader.payload(itemHeader, Long.MAX_VALUE, n -> {})));
        }
        return new Envelope(header, items);
    }

    static Long lengthOf(byte[] header) {
        Matcher m = LENGTH.matcher(new String(header, StandardCharsets.UTF_8));
        return m.find() ? Long.parseLong(m.group(1)) : null;
    }

    /**
     * Reads an envelope from a stream: {@link #header()} once, then {@link #nextItemHeader()} and either
     * {@link #payload} or {@link #skip} for each item. A refusal the stream throws (the 413 of a capped
     * body) passes through unchanged; an {@link IOException} arrives as an {@link UncheckedIOException}.
     */
    public static final class Reader {
        private final InputStream in;
        private final int maxLine;
        private final byte[] buffer = new byte[CHUNK];
        private int pos;
        private int limit;
        private boolean eof;
        private int items;

        public Reader(InputStream in, int maxLine) {
            this.in = in;
            this.maxLine = maxLine;
        }

        /** The envelope header line; refused when blank or longer than the line limit. */
        public byte[] header() {
            byte[] header = line("envelope header");
            if (header == null || isBlank(header)) {
                throw invalid("envelope", "must start with a header line");
            }
            return header;
        }

        /** The next item's header line, or null at the end of the envelope. */
        public byte[] nextItemHeader() {
            while (true) {
                byte[] line = line("envelope.items[" + items + "].header");
                if (line == null) {
                    return null;
                }
                if (isBlank(line)) {
                    continue; // trailing newlines
                }
                if (items >= MAX_ITEMS) {
                    throw invalid("envelope", "must have at most " + MAX_ITEMS + " items");
                }
                items++;
                return line;
            }
        }

        /**
         * The current item's payload; one longer than {@code max} is refused with {@code tooLarge}
         * before more than {@code max} bytes of it are held. {@code onBytes} is told of each chunk
         * held (for the ingest budget).
         */
        public byte[] payload(byte[] itemHeader, long max, LongConsumer onBytes) {
            return payload(itemHeader, max, onBytes, () -> invalid(item(), "exceeds " + max + " bytes"));
        }

        public byte[] payload(
                byte[] itemHeader,
                long max,
                LongConsumer onBytes,
                java.util.function.Supplier<RuntimeException> tooLarge) {
            Long length = lengthOf(itemHeader);
            if (length != null && length > max) {
                throw tooLarge.get();
            }
            ByteArrayOutputStream out =
                    new ByteArrayOutputStream((int) Math.min(CHUNK, length == null ? CHUNK : Math.min(length, max)));
            consume(length, max, tooLarge, (bytes, from, n) -> {
                onBytes.accept(n);
                out.write(bytes, from, n);
            });
            return out.toByteArray();
        }

        /**
         * The current item's payload, or null when it is longer than {@code max}: then it is read past, and
         * no more than {@code max} bytes of it were held. {@code onBytes} is told of each chunk held.
         */
        public byte[] payloadAtMost(byte[] itemHeader, long max, LongConsumer onBytes) {
            Long length = lengthOf(itemHeader);
            if (length != null && length > max) {
                skip(itemHeader);
                return null;
            }
            ByteArrayOutputStream[] out = {
                new ByteArrayOutputStream((int) Math.min(CHUNK, length == null ? CHUNK : Math.min(length, max)))
            };
            consume(length, Long.MAX_VALUE, () -> null, (bytes, from, n) -> {
                if (out[0] != null && out[0].size() + (long) n > max) {
                    out[0] = null; // too large: the rest streams past
                }
                if (out[0] != null) {
                    onBytes.accept(n);
                    out[0].write(bytes, from, n);
                }
            });
            return out[0] == null ? null : out[0].toByteArray();
        }

        /** Reads past the current item's payload without holding it. */
        public void skip(byte[] itemHeader) {
            consume(lengthOf(itemHeader), Long.MAX_VALUE, () -> null, (bytes, from, n) -> {});
        }

        /**
         * Passes the payload to {@code sink} chunk by chunk: {@code length} bytes and the newline after
         * them, or (without a length) the bytes up to the next newline or the end, refused with {@code
         * tooLarge} before more than {@code max} of them are passed.
         */
        private void consume(Long length, long max, java.util.function.Supplier<RuntimeException> tooLarge, Sink sink) {
            if (length != null) {
                long left = length;
                while (left > 0) {
                    if (!fill()) {
                        throw invalid(item(), "is shorter than its length header");
                    }
                    int n = (int) Math.min(left, limit - pos);
                    sink.take(buffer, pos, n);
                    pos += n;
                    left -= n;
                }
                skipNewline();
                return;
            }
            long taken = 0;
            while (fill()) {
                int end = indexOfNewline();
                int n = (end < 0 ? limit : end) - pos;
                if (taken + n > max) {
                    throw tooLarge.get();
                }
                sink.take(buffer, pos, n);
                taken += n;
                pos += n;
                if (end >= 0) {
                    pos++;
                    break;
                }
            }
        }

        private String item() {
            return "envelope.items[" + (items - 1) + "]";
        }

        /** One line without its newline, null at the end of the stream. */
        private byte[] line(String what) {
            if (!fill()) {
                return null;
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream(Math.min(256, maxLine));
            consume(null, maxLine, () -> invalid(what, "must be at most " + maxLine + " bytes"), out::write);
            return out.toByteArray();
        }

        private void skipNewline() {
            if (fill() && buffer[pos] == '\n') {
                pos++;
            }
        }

        private int indexOfNewline() {
            for (int i = pos; i < limit; i++) {
                if (buffer[i] == '\n') {
                    return i;
                }
            }
            return -1;
        }

        /** True when at least one unread byte is buffered. */
        private boolean fill() {
            if (pos < limit) {
                return true;
            }
            if (eof) {
                return false;
            }
            try {
                int n;
                do {
                    n = in.read(buffer, 0, buffer.length);
                } while (n == 0);
                if (n < 0) {
                    eof = true;
                    return false;
                }
                pos = 0;
                limit = n;
                return true;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** Takes {@code n} bytes of {@code bytes} from {@code from}. */
    @FunctionalInterface
    private interface Sink {
        void take(byte[] bytes, int from, int n);
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
        return InvalidInput.of(INVALID_ENVELOPE, field, message);
    }
}
