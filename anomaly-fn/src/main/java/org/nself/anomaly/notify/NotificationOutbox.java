package org.nself.anomaly.notify;

import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import org.nself.anomaly.scoring.AnomalyNotifier;
import org.nself.shared.jdbc.DatabaseFailure;

/**
 * Records, in the transaction that opened the anomalies, one pending notification per opened anomaly and
 * configured target; {@link NotificationDeliveryJob} sends them. An anomaly already recorded is skipped.
 */
@Singleton
final class NotificationOutbox implements AnomalyNotifier {
    private final List<NotificationTarget> targets;

    NotificationOutbox(List<NotificationTarget> targets) {
        this.targets = targets.stream().filter(NotificationTarget::configured).toList();
    }

    @Override
    public void opened(Connection c, String account, String detectorId, List<Opened> anomalies) {
        if (anomalies.isEmpty() || targets.isEmpty()) {
            return;
        }
        try (PreparedStatement insert = c.prepareStatement("INSERT INTO np_anomaly_notifications"
                + " (source_account_id, anomaly_id, target, body) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING")) {
            for (Opened anomaly : anomalies) {
                for (NotificationTarget target : targets) {
                    insert.setString(1, account);
                    insert.setObject(2, anomaly.id());
                    insert.setString(3, target.name());
                    insert.setString(4, target.body(account, detectorId, anomaly));
                    insert.addBatch();
                }
            }
            insert.executeBatch();
        } catch (SQLException e) {
            throw new DatabaseFailure(e);
        }
    }
}
