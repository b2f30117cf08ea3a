package org.nself.incident.lifecycle;

import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.util.HexFormat;
import java.util.Optional;
import org.nself.shared.error.ApiException;
import org.nself.shared.error.ErrorCode;
import org.nself.shared.jdbc.Jdbc;

/**
 * Idempotency-Key for POST: the key row is inserted in the same transaction as the incident, so a
 * concurrent repeat waits on it and then replays the committed answer instead of creating a second one.
 */
@Singleton
final class IdempotencyKeys {
    static final int KEY_MAX = 255;

    /** A stored answer. */
    record Stored(int status, String body) {}

    /** Claims the key, or returns the stored answer of the first request with it. */
    Optional<Stored> claim(Connection c, String account, String key, String body) {
        if (key.isBlank() || key.length() > KEY_MAX) {
            throw ApiException.invalid("Idempotency-Key", "must be 1 to " + KEY_MAX + " characters");
        }
        String hash = sha256(body);
        int inserted = Jdbc.update(
                c,
                "INSERT INTO np_incident_idempotency_keys (source_account_id, idempotency_key, request_hash)"
                        + " VALUES (?, ?, ?) ON CONFLICT (source_account_id, idempotency_key) DO NOTHING",
                account,
                key,
                hash);
        if (inserted == 1) {
            return Optional.empty();
        }
        record Row(String hash, Integer status, String body) {}
        Row row = Jdbc.one(
                        c,
                        "SELECT request_hash, response_status, response_body FROM np_incident_idempotency_keys"
                                + " WHERE source_account_id = ? AND idempotency_key = ?",
                        r -> new Row(r.getString(1), (Integer) r.getObject(2), r.getString(3)),
                        account,
                        key)
                .orElseThrow();
        if (!row.hash().equals(hash)) {
            throw new ApiException(
                    ErrorCode.UNPROCESSABLE, "Idempotency-Key was already used with a different request body");
        }
        if (row.status() == null) {
            throw new ApiException(ErrorCode.CONFLICT, "a request with this Idempotency-Key is still in progress");
        }
        return Optional.of(new Stored(row.status(), row.body()));
    }

    void store(Connection c, String account, String key, int status, String body) {
        Jdbc.update(
                c,
                "UPDATE np_incident_idempotency_keys SET response_status = ?, response_body = ?"
                        + " WHERE source_account_id = ? AND idempotency_key = ?",
                status,
                body,
                account,
                key);
    }

    private static String sha256(String body) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256")
                            .digest(body.strip().getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
