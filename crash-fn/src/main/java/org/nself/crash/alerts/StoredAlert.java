package org.nself.crash.alerts;

import io.micronaut.json.JsonMapper;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.nself.shared.jdbc.Jdbc;

/** An alert as recorded, read when one of its deliveries is sent (the message is built from it then). */
record StoredAlert(
        String account, UUID id, AlertKind kind, Long groupId, String release, String data, Instant createdAt) {
    static Optional<StoredAlert> find(Connection c, String account, UUID id) throws SQLException {
        try (PreparedStatement select = c.prepareStatement("SELECT kind, group_id, release, data::text, created_at"
                + " FROM np_crash_alerts WHERE source_account_id = ? AND id = ?")) {
            select.setString(1, account);
            select.setObject(2, id);
            try (ResultSet r = select.executeQuery()) {
                if (!r.next()) {
                    return Optional.empty();
                }
                return Optional.of(new StoredAlert(
                        account,
                        id,
                        AlertKind.fromWire(r.getString(1)),
                        Jdbc.nullableLong(r, "group_id"),
                        r.getString(3),
                        r.getString(4),
                        Jdbc.instant(r, "created_at")));
            }
        }
    }

    /** The alert's data; null when what is stored cannot be read. */
    Map<String, Object> fields(JsonMapper json) {
        try {
            @SuppressWarnings("unchecked")
            Map<String, Object> read = json.readValue(data, Map.class);
            return read;
        } catch (IOException e) {
            return null;
        }
    }
}
