package org.nself.crash.alerts;

import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.nself.shared.json.JsonText;
import org.nself.shared.outbox.Outbox;

/**
 * Records alerts inside the caller's transaction (the ingest batch, the rollup), so an alert exists exactly
 * when the data that raised it was committed; a dedup key already recorded is skipped. Each new alert gets
 * one pending delivery per configured target in the alert outbox, sent later by the
 * {@code crash-alerts} job ({@link AlertDelivery}).
 */
@Singleton
public record CrashAlerts(AlertSettings settings, JsonText json) {
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
                insert.setString(7, json.write(draft.data()));
                if (insert.executeUpdate() == 0) {
                    continue;
                }
            }
            recorded++;
            List<Outbox.Message> deliveries = new ArrayList<>();
            for (String target : settings.targets(draft.kind())) {
                deliveries.add(new Outbox.Message(account, id, target, null)); // built from the alert when sent
            }
            AlertDelivery.OUTBOX.enqueue(c, deliveries);
        }
        return recorded;
    }

    private static String truncate(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max);
    }
}
