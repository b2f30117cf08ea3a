package org.nself.shared.outbound;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signs outbound webhooks per the Standard Webhooks specification: headers {@code webhook-id},
 * {@code webhook-timestamp} (Unix seconds) and {@code webhook-signature} = {@code v1,} + base64 of
 * HMAC-SHA256 over {@code id.timestamp.body}, keyed by the base64 secret after {@code whsec_}.
 */
public final class StandardWebhooks {
    public static final String SECRET_PREFIX = "whsec_";
    private final byte[] key;

    public StandardWebhooks(String secret) {
        if (secret == null || secret.isBlank()) {
            throw new IllegalArgumentException("webhook secret is empty");
        }
        String encoded = secret.startsWith(SECRET_PREFIX) ? secret.substring(SECRET_PREFIX.length()) : secret;
        byte[] decoded;
        try {
            decoded = Base64.getDecoder().decode(encoded);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("webhook secret must be whsec_ followed by base64");
        }
        if (decoded.length < 16) {
            throw new IllegalArgumentException("webhook secret must hold at least 16 bytes");
        }
        this.key = decoded;
    }

    /** A new random secret in the {@code whsec_} form. */
    public static String newSecret() {
        byte[] bytes = new byte[32];
        new java.security.SecureRandom().nextBytes(bytes);
        return SECRET_PREFIX + Base64.getEncoder().encodeToString(bytes);
    }

    public String sign(String messageId, long timestampSeconds, String body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            byte[] digest =
                    mac.doFinal((messageId + "." + timestampSeconds + "." + body).getBytes(StandardCharsets.UTF_8));
            return "v1," + Base64.getEncoder().encodeToString(digest);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }

    /** The three headers for one delivery. */
    public Map<String, String> headers(String messageId, long timestampSeconds, String body) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("webhook-id", messageId);
        headers.put("webhook-timestamp", String.valueOf(timestampSeconds));
        headers.put("webhook-signature", sign(messageId, timestampSeconds, body));
        return headers;
    }

    /** Checks a received signature header (which may list several space-separated signatures). */
    public boolean verify(String messageId, long timestampSeconds, String body, String signatureHeader) {
        byte[] expected = sign(messageId, timestampSeconds, body).getBytes(StandardCharsets.US_ASCII);
        for (String candidate : signatureHeader.split(" ")) {
            if (MessageDigest.isEqual(expected, candidate.strip().getBytes(StandardCharsets.US_ASCII))) {
                return true;
            }
        }
        return false;
    }
}
