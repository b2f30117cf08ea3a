package org.nself.crash.alerts;

import io.micronaut.json.JsonMapper;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import java.util.UUID;

/**
 * Records alerts inside the caller's transaction (the ingest batch, the rollup), so an alert exists exactly
 * when the data that raised it was committed; a dedup key already recorded is skipped. Each new alert gets
 * one pending delivery per configured target, sent later by {@link AlertDeliveryJob}.
 */
@Singleton
public final class CrashAlerts {
    private final AlertSettings settings;
    private final JsonMapper json;

    CrashAlerts(AlertSettings settings, JsonMapper json) {
        this.settings = settings;
        this.json = json;
    }

    /** Returns how many of the drafts were new. */
    public int record(Connection c, String account, List<AlertDraft> drafts) throws SQLException {
        int recorded = 0;
        for (AlertDraft draft : drafts) {
            UUID id = UUID.randomUUID();
            try (PreparedStatement insert = c.prepareStatement("INSERT INTO np_crash_alerts (source_account_id, id,"
                    + " kind, dedup_key, group_id, release, data) VALUES (?, ?, ?, ?, ?, ?, ?::jsonb)"
                    + " ON CONFLICT (source_account_id, dedup_key) DO NOTHING")) {
                insert.setString(1, account);
                insert.setObject(2, id);
                insert.setString(3, draft.kind().wire());
                insert.setString(4, truncate(draft.dedupKey(), 300));
                insert.setObject(5, draft.groupId());
                insert.setString(6, draft.release());
                insert.setString(7, toJson(draft));
                if (insert.executeUpdate() == 0) {
                    continue;
                }
            }
            recorded++;
            for (String target : settings.targets(draft.kind())) {
                try (PreparedStatement delivery = c.prepareStatement("INSERT INTO np_crash_alert_deliveries"
                        + " (source_account_id, alert_id, target) VALUES (?, ?, ?)")) {
                    delivery.setString(1, account);
                    delivery.setObject(2, id);
                    delivery.setString(3, target);
                    delivery.executeUpdate();
                }
            }
        }
        return recorded;
    }

    private String toJson(AlertDraft draft) {
        try {
            return new String(json.writeValueAsBytes(draft.data()), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("alert data is not serializable", e);
        }
    }

    private static String truncate(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max);
    }
}
