package org.nself.shared.outbox;

import java.sql.Connection;
import java.sql.SQLException;
import org.nself.shared.outbound.OutboundPost;

/**
 * Where an outbox's messages go, one per kind of destination (a signed Standard Webhook, an incident-fn
 * event); its {@link #name()} is what the outbox's {@code target} column holds.
 */
public interface DeliveryTarget {
    /** As stored in the {@code target} column. */
    String name();

    /**
     * Reads what sending needs, in the transaction that has just renewed the delivery's lease, and returns
     * the send, which {@link OutboxDeliveryJob} makes after that transaction committed.
     */
    Send prepare(Connection c, Delivery delivery) throws SQLException;

    /** One delivery attempt, outside any transaction; it ends within {@link OutboundPost#LONGEST_SEND}. */
    @FunctionalInterface
    interface Send {
        OutboundPost.Outcome attempt();

        /** Nothing can be sent this time: a failed attempt with this reason, tried again after the back-off. */
        static Send refused(String reason) {
            return () -> new OutboundPost.Outcome(null, reason);
        }
    }

    /** A target made of its name and its {@link #prepare} step, for a service whose targets share code. */
    static DeliveryTarget of(String name, Preparer preparer) {
        return new DeliveryTarget() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public Send prepare(Connection c, Delivery delivery) throws SQLException {
                return preparer.prepare(c, delivery);
            }
        };
    }

    /** {@link #prepare} alone. */
    @FunctionalInterface
    interface Preparer {
        Send prepare(Connection c, Delivery delivery) throws SQLException;
    }
}
