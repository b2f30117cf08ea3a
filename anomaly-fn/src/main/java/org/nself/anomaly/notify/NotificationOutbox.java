package org.nself.anomaly.notify;

import jakarta.inject.Singleton;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import org.nself.anomaly.scoring.AnomalyNotifier;
import org.nself.shared.outbox.Outbox;

/**
 * Records, in the transaction that opened the anomalies, one pending notification per opened anomaly and
 * configured target; the {@code anomaly-notifications} job sends them. An anomaly already recorded is
 * skipped.
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
        List<Outbox.Message> messages = new ArrayList<>();
        for (Opened anomaly : anomalies) {
            for (NotificationTarget target : targets) {
                messages.add(new Outbox.Message(
                        account, anomaly.id(), target.name(), target.body(account, detectorId, anomaly)));
            }
        }
        NotificationDelivery.OUTBOX.enqueue(c, messages);
    }
}
