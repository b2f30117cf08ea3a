package org.nself.incident.timeline;

import java.sql.Connection;

/** Told of every entry inside the transaction that appends it (e.g. the webhook outbox). */
public interface TimelineListener {
    void appended(Connection c, String account, TimelineEntry entry);
}
