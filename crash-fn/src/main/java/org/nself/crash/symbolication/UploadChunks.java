package org.nself.crash.symbolication;

import jakarta.inject.Singleton;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.nself.shared.error.ApiException;
import org.nself.shared.error.ErrorCode;
import org.nself.shared.limits.RequestBodies;
import org.nself.shared.tenancy.AccountId;

/**
 * Stores the chunks of one sentry-cli chunk request: multipart parts {@code file} (raw) or {@code file_gzip}
 * (gzip), each named by the SHA-1 of its uncompressed bytes, which is checked. Nothing of a request with one
 * bad chunk is stored.
 */
@Singleton
record UploadChunks(ChunkRepository chunks, ChunkUploadSettings settings) {
    static final Pattern SHA1 = Pattern.compile("[0-9a-f]{40}");

    void upload(AccountId account, String contentType, byte[] body) {
        if (!MultipartFile.isMultipart(contentType)) {
            throw new ApiException(
                    ErrorCode.UNSUPPORTED_MEDIA_TYPE, "chunks are sent as multipart/form-data (sentry-cli)");
        }
        List<MultipartFile.Field> parts;
        try {
            parts = MultipartFile.all(contentType, body, settings.chunksPerRequest());
        } catch (IllegalArgumentException e) {
            throw ApiException.invalid("body", e.getMessage());
        }
        Map<String, byte[]> verified = new LinkedHashMap<>();
        long total = 0;
        for (MultipartFile.Field part : parts) {
            byte[] chunk = chunk(part);
            total += chunk.length;
            if (total > settings.maxRequestSize()) {
                throw new ApiException(
                        ErrorCode.PAYLOAD_TOO_LARGE,
                        "the chunks of one request exceed " + settings.maxRequestSize() + " bytes");
            }
            verified.put(part.file().fileName(), chunk);
        }
        if (verified.isEmpty()) {
            throw ApiException.invalid("file", "the request holds no chunk (fields 'file' or 'file_gzip')");
        }
        long held = chunks.expireAndMeasure(account, settings.pendingFor());
        if (held + total > settings.maxPendingBytes()) {
            throw new ApiException(
                    ErrorCode.PAYLOAD_TOO_LARGE,
                    "the account holds " + held + " bytes of chunks not yet assembled; at most "
                            + settings.maxPendingBytes() + " are kept (assemble them, or wait "
                            + settings.pendingHours() + " h)");
        }
        chunks.save(account, verified);
    }

    private byte[] chunk(MultipartFile.Field part) {
        boolean gzip = part.name().equals("file_gzip");
        if (!gzip && !part.name().equals("file")) {
            throw ApiException.invalid(part.name(), "unknown field: chunks are in 'file' or 'file_gzip'");
        }
        String checksum = part.file().fileName();
        if (checksum == null || !SHA1.matcher(checksum).matches()) {
            throw ApiException.invalid(part.name(), "a chunk's file name is the SHA-1 of its bytes (40 hex digits)");
        }
        byte[] content = RequestBodies.decode(part.file().content(), gzip ? "gzip" : "identity", settings.chunkSize());
        if (!sha1(content).equals(checksum)) {
            throw ApiException.invalid(part.name(), "chunk " + checksum + " does not have that SHA-1");
        }
        return content;
    }

    static String sha1(byte[] content) {
        try {
            return DebugId.hex(MessageDigest.getInstance("SHA-1").digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 is part of every JRE", e);
        }
    }
}
