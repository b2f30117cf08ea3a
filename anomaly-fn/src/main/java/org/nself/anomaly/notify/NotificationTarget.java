package org.nself.anomaly.notify;

import java.util.UUID;
import org.nself.anomaly.scoring.AnomalyNotifier.Opened;
import org.nself.shared.outbound.OutboundPost;

/** Somewhere an opened anomaly is announced: what the message says, and how it is sent. */
interface NotificationTarget {
    /** {@code webhook} or {@code incident}, as stored. */
    String name();

    /** Whether the operator configured this target. */
    boolean configured();

    /** The message body, built when the anomaly opens. */
    String body(String account, String detectorId, Opened anomaly);

    /** One delivery attempt. */
    OutboundPost.Outcome send(String account, UUID anomalyId, String body);
}
