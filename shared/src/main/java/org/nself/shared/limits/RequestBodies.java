package org.nself.shared.limits;

import java.io.ByteArrayOutputStream;
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
 * Decodes a request body by its {@code Content-Encoding}, stopping at a decompressed limit: a
 * decompression bomb costs at most {@code maxDecoded + 1} bytes of memory and answers 413.
 */
public final class RequestBodies {
    private static final int CHUNK = 16 * 1024;

    private RequestBodies() {}

    public static byte[] decode(byte[] raw, String contentEncoding, long maxDecoded) {
        byte[] body = raw == null ? new byte[0] : raw;
        String encoding =
                contentEncoding == null ? "identity" : contentEncoding.strip().toLowerCase(Locale.ROOT);
        return switch (encoding) {
            case "", "identity" -> {
                if (body.length > maxDecoded) {
                    throw tooLarge(maxDecoded);
                }
                yield body;
            }
            case "gzip", "x-gzip" -> inflate(body, true, maxDecoded);
            case "deflate" -> inflate(body, false, maxDecoded);
            default ->
                throw new ApiException(
                        ErrorCode.UNSUPPORTED_MEDIA_TYPE,
                        "unsupported Content-Encoding '" + encoding + "': use gzip, deflate or none",
                        List.of(new ApiError.Detail("Content-Encoding", "unsupported")));
        };
    }

    /** True when the first bytes are the gzip magic, for clients that compress without saying so. */
    public static boolean looksGzipped(byte[] raw) {
        return raw != null && raw.length > 2 && (raw[0] & 0xff) == 0x1f && (raw[1] & 0xff) == 0x8b;
    }

    private static byte[] inflate(byte[] body, boolean gzip, long maxDecoded) {
        try (InputStream in = gzip
                ? new GZIPInputStream(new java.io.ByteArrayInputStream(body), CHUNK)
                : new InflaterInputStream(new java.io.ByteArrayInputStream(body))) {
            ByteArrayOutputStream out = new ByteArrayOutputStream(Math.min(body.length * 4 + 64, 1 << 20));
            byte[] buffer = new byte[CHUNK];
            long total = 0;
            int n;
            while ((n = in.read(buffer)) > 0) {
                total += n;
                if (total > maxDecoded) {
                    throw tooLarge(maxDecoded);
                }
                out.write(buffer, 0, n);
            }
            return out.toByteArray();
        } catch (ZipException | java.io.EOFException e) {
            throw ApiException.invalid("body", "is not valid " + (gzip ? "gzip" : "deflate") + " data");
        } catch (IOException e) {
            throw ApiException.invalid("body", "could not be decompressed");
        }
    }

    private static ApiException tooLarge(long maxDecoded) {
        return new ApiException(
                ErrorCode.PAYLOAD_TOO_LARGE, "request body exceeds " + maxDecoded + " bytes (decompressed)");
    }
}
