package org.nself.shared.limits;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.ServerHttpRequest;
import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Locale;
import java.util.zip.GZIPInputStream;
import java.util.zip.InflaterInputStream;
import java.util.zip.ZipException;
import org.nself.shared.error.ApiError;
import org.nself.shared.error.ApiException;
import org.nself.shared.error.ErrorCode;

/**
 * Decodes request bodies by their {@code Content-Encoding}, stopping at a decompressed limit. The
 * streaming form ({@link #stream}, {@link #decoding}) reads the body from the network only as the
 * caller consumes it and inflates it chunk by chunk, so a refusal (401, 429) costs no decompression
 * and a bomb costs at most its limit plus one chunk; both answer 413 at the limit.
 */
public final class RequestBodies {
    private static final int CHUNK = 16 * 1024;

    private RequestBodies() {}

    public static byte[] decode(byte[] raw, String contentEncoding, long maxDecoded) {
        byte[] body = raw == null ? new byte[0] : raw;
        if ("identity".equals(normalized(contentEncoding)) && body.length > maxDecoded) {
            throw tooLarge(maxDecoded, true);
        }
        return readAll(decoding(new ByteArrayInputStream(body), contentEncoding, Long.MAX_VALUE, maxDecoded));
    }

    /** True when the first bytes are the gzip magic, for clients that compress without saying so. */
    public static boolean looksGzipped(byte[] raw) {
        return raw != null && raw.length > 2 && (raw[0] & 0xff) == 0x1f && (raw[1] & 0xff) == 0x8b;
    }

    /**
     * The raw request body as the network delivers it: on the Netty server nothing is buffered ahead of
     * the reader (back-pressure), so a body that is never read is never held. Other runtimes (Lambda)
     * hold the body already and hand it over as is. A declared length over {@code maxWire} is a 413 at
     * once; pass the same limit to {@link #decoding} for bodies without a declared length.
     */
    public static InputStream stream(HttpRequest<?> request, long maxWire) {
        if (request.getContentLength() > maxWire) {
            throw tooLarge(maxWire, false); // declared: refused before a byte of it is read
        }
        if (request instanceof ServerHttpRequest<?> server) {
            return server.byteBody().toInputStream();
        }
        return new ByteArrayInputStream(request.getBody(byte[].class).orElse(new byte[0]));
    }

    /**
     * The decoded body, read lazily: more than {@code maxWire} bytes on the wire or {@code maxDecoded}
     * bytes after decoding throw a 413 {@link ApiException} from {@code read}; corrupt compressed data a
     * 400. A missing {@code Content-Encoding} is identity.
     */
    public static InputStream decoding(InputStream raw, String contentEncoding, long maxWire, long maxDecoded) {
        InputStream wire = new Capped(raw, maxWire, false);
        String encoding = normalized(contentEncoding);
        InputStream decoded =
                switch (encoding) {
                    case "identity" -> wire;
                    case "gzip", "x-gzip" -> new Inflating(wire, true);
                    case "deflate" -> new Inflating(wire, false);
                    default ->
                        throw new ApiException(
                                ErrorCode.UNSUPPORTED_MEDIA_TYPE,
                                "unsupported Content-Encoding '" + encoding + "': use gzip, deflate or none",
                                List.of(new ApiError.Detail("Content-Encoding", "unsupported")));
                };
        return new Capped(decoded, maxDecoded, true);
    }

    /**
     * As {@link #decoding}, but a body without {@code Content-Encoding} that starts with the gzip magic
     * is inflated (SDKs compress without saying so). Peeks at two bytes only.
     */
    public static InputStream decodingSniffed(InputStream raw, String contentEncoding, long maxWire, long maxDecoded) {
        if (contentEncoding != null && !contentEncoding.isBlank()) {
            return decoding(raw, contentEncoding, maxWire, maxDecoded);
        }
        BufferedInputStream peek = new BufferedInputStream(raw, 2);
        boolean gzip;
        try {
            peek.mark(2);
            gzip = peek.read() == 0x1f && peek.read() == 0x8b;
            peek.reset();
        } catch (IOException e) {
            throw unreadable();
        }
        return decoding(peek, gzip ? "gzip" : "identity", maxWire, maxDecoded);
    }

    /** Reads a (capped) stream to its end. */
    public static byte[] readAll(InputStream in) {
        try (in) {
            ByteArrayOutputStream out = new ByteArrayOutputStream(CHUNK);
            byte[] buffer = new byte[CHUNK];
            int n;
            while ((n = in.read(buffer)) >= 0) {
                out.write(buffer, 0, n);
            }
            return out.toByteArray();
        } catch (IOException e) {
            throw unreadable();
        }
    }

    private static String normalized(String contentEncoding) {
        String encoding =
                contentEncoding == null ? "identity" : contentEncoding.strip().toLowerCase(Locale.ROOT);
        return encoding.isEmpty() ? "identity" : encoding;
    }

    static ApiException tooLarge(long max, boolean decoded) {
        return new ApiException(
                ErrorCode.PAYLOAD_TOO_LARGE,
                "request body exceeds " + max + " bytes" + (decoded ? " (decompressed)" : " (on the wire)"));
    }

    private static ApiException unreadable() {
        return ApiException.invalid("body", "could not be read");
    }

    /** Throws 413 as soon as one byte more than the limit is read. */
    private static final class Capped extends FilterInputStream {
        private final long max;
        private final boolean decoded;
        private long count;

        Capped(InputStream in, long max, boolean decoded) {
            super(in);
            this.max = max;
            this.decoded = decoded;
        }

        @Override
        public int read() throws IOException {
            int b = in.read();
            if (b >= 0) {
                count(1);
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            // never ask for more than one byte past the limit, so a bomb is cut where it crosses it
            int n = in.read(b, off, (int) Math.min(len, Math.max(1, max - count + 1)));
            if (n > 0) {
                count(n);
            }
            return n;
        }

        private void count(long n) {
            count += n;
            if (count > max) {
                throw tooLarge(max, decoded);
            }
        }

        @Override
        public long skip(long n) throws IOException {
            byte[] scratch = new byte[(int) Math.min(n, CHUNK)];
            int read = read(scratch, 0, scratch.length);
            return Math.max(read, 0);
        }

        @Override
        public boolean markSupported() {
            return false;
        }
    }

    /** Inflates lazily (the gzip header is read on the first read) and turns corrupt data into a 400. */
    private static final class Inflating extends InputStream {
        private final InputStream wire;
        private final boolean gzip;
        private InputStream inflater;

        Inflating(InputStream wire, boolean gzip) {
            this.wire = wire;
            this.gzip = gzip;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            int n = read(one, 0, 1);
            return n < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            try {
                if (inflater == null) {
                    inflater = gzip ? new GZIPInputStream(wire, CHUNK) : new InflaterInputStream(wire);
                }
                return inflater.read(b, off, len);
            } catch (ZipException | EOFException e) {
                throw ApiException.invalid("body", "is not valid " + (gzip ? "gzip" : "deflate") + " data");
            }
        }

        @Override
        public void close() throws IOException {
            if (inflater != null) {
                inflater.close();
            } else {
                wire.close();
            }
        }
    }
}
