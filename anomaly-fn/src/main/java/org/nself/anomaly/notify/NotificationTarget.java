package org.nself.anomaly.notify;

import org.nself.anomaly.scoring.AnomalyNotifier.Opened;
import org.nself.shared.outbox.DeliveryTarget;

/** Somewhere an opened anomaly is announced: what the message says when it opens, and how it is sent. */
interface NotificationTarget extends DeliveryTarget {
    /** Whether the operator configured this target. */
    boolean configured();

    /** The message body, built when the anomaly opens and stored with the notification. */
    String body(String account, String detectorId, Opened anomaly);
}
