package org.nself.shared.outbox;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.UUID;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.nself.shared.jdbc.DatabaseFailure;

/**
 * One service's outbox table: messages are written in the transaction of the change they announce, so a
 * message exists exactly when its change committed, and {@link OutboxDeliveryJob} sends them later. Every
 * outbox table has the same columns (each service's migrations create them):
 *
 * <pre>
 * source_account_id VARCHAR(128) NOT NULL DEFAULT 'primary'
 * id                UUID         NOT NULL   -- the delivery; PRIMARY KEY (source_account_id, id)
 * message_id        UUID         NOT NULL   -- what it carries: the webhook-id, the same on every retry
 * target            VARCHAR(20)  NOT NULL   -- the {@link DeliveryTarget} that sends it
 * body              TEXT                     -- null when the target builds the body as it sends
 * status            VARCHAR(20)  NOT NULL DEFAULT 'pending'   -- pending, delivered, failed
 * attempts          INTEGER      NOT NULL DEFAULT 0
 * next_attempt_at   TIMESTAMPTZ  NOT NULL DEFAULT now()
 * leased_until      TIMESTAMPTZ
 * lease_token       UUID
 * last_status_code  INTEGER
 * last_error        VARCHAR(500)
 * created_at        TIMESTAMPTZ  NOT NULL DEFAULT now()
 * delivered_at      TIMESTAMPTZ
 * INDEX &lt;table&gt;_due (source_account_id, next_attempt_at) WHERE status = 'pending'
 * </pre>
 *
 * A table may carry columns of its own beside them (what its delivery log shows), written through
 * {@link Message#columns()}, and a unique key that makes a repeated message a no-op.
 */
public final class Outbox {
    /** The longest {@code last_error} kept. */
    static final int MAX_ERROR = 500;

    private static final Pattern TABLE = Pattern.compile("np_[a-z0-9_]{1,60}");
    private static final Pattern COLUMN = Pattern.compile("[a-z][a-z0-9_]{0,62}");

    private final String table;

    public Outbox(String table) {
        if (!TABLE.matcher(table).matches()) {
            throw new IllegalArgumentException("not an outbox table name: " + table);
        }
        this.table = table;
    }

    public String table() {
        return table;
    }

    /**
     * One message for one target.
     *
     * @param body what is sent; null when the target builds it as it sends
     * @param columns the table's own columns beside the standard ones (names from code, never from input; a
     *     standard one named again is refused by the database)
     */
    public record Message(String account, UUID messageId, String target, String body, Map<String, Object> columns) {
        public Message {
            columns = Map.copyOf(columns);
            for (String name : columns.keySet()) {
                if (!COLUMN.matcher(name).matches()) {
                    throw new IllegalArgumentException("not a column name: " + name);
                }
            }
        }

        public Message(String account, UUID messageId, String target, String body) {
            this(account, messageId, target, body, Map.of());
        }
    }

    /**
     * Records the messages on the caller's connection, inside its transaction; one the table's unique key
     * already holds is skipped. Returns how many were recorded.
     */
    public int enqueue(Connection c, List<Message> messages) {
        Map<String, PreparedStatement> statements = new LinkedHashMap<>();
        try {
            for (Message m : messages) {
                List<String> own = new ArrayList<>(new TreeSet<>(m.columns().keySet()));
                String sql = "INSERT INTO " + table + " (source_account_id, id, message_id, target, body"
                        + own.stream().map(name -> ", " + name).collect(Collectors.joining())
                        + ") VALUES (?, ?, ?, ?, ?" + ", ?".repeat(own.size()) + ") ON CONFLICT DO NOTHING";
                PreparedStatement insert = statements.get(sql);
                if (insert == null) {
                    insert = c.prepareStatement(sql);
                    statements.put(sql, insert);
                }
                insert.setString(1, m.account());
                insert.setObject(2, UUID.randomUUID());
                insert.setObject(3, m.messageId());
                insert.setString(4, m.target());
                insert.setString(5, m.body());
                for (int i = 0; i < own.size(); i++) {
                    insert.setObject(6 + i, m.columns().get(own.get(i)));
                }
                insert.addBatch();
            }
            int recorded = 0;
            for (PreparedStatement insert : statements.values()) {
                for (int count : insert.executeBatch()) {
                    recorded += count > 0 ? 1 : 0;
                }
            }
            return recorded;
        } catch (SQLException e) {
            throw new DatabaseFailure(e);
        } finally {
            for (PreparedStatement insert : statements.values()) {
                try {
                    insert.close();
                } catch (SQLException ignored) {
                    // closing a statement of a connection that failed: the failure above is the one to report
                }
            }
        }
    }

    /**
     * Leases up to {@code limit} due deliveries of any account under {@code token}, for longer than their
     * sends take ({@link OutboxLease}), and counts the attempt; concurrent runs skip each other's rows.
     */
    List<Delivery> lease(Connection c, int limit, UUID token) throws SQLException {
        // spans accounts on purpose: delivery is the operator's queue; each row names its account
        try (PreparedStatement lease = c.prepareStatement("WITH due AS (SELECT source_account_id, id FROM " + table
                + " WHERE status = 'pending' AND next_attempt_at <= now()"
                + " AND (leased_until IS NULL OR leased_until < now())"
                + " ORDER BY next_attempt_at LIMIT ? FOR UPDATE SKIP LOCKED)"
                + " UPDATE " + table + " o SET leased_until = now() + ?::interval, lease_token = ?,"
                + " attempts = o.attempts + 1 FROM due"
                + " WHERE o.source_account_id = due.source_account_id AND o.id = due.id"
                + " RETURNING o.source_account_id, o.id, o.message_id, o.target, o.body, o.attempts")) {
            lease.setInt(1, limit);
            lease.setString(2, OutboxLease.interval(OutboxLease.covering(limit)));
            lease.setObject(3, token);
            List<Delivery> due = new ArrayList<>();
            try (ResultSet r = lease.executeQuery()) {
                while (r.next()) {
                    due.add(new Delivery(
                            r.getString(1),
                            r.getObject(2, UUID.class),
                            r.getObject(3, UUID.class),
                            r.getString(4),
                            r.getString(5),
                            r.getInt(6)));
                }
            }
            return due;
        }
    }

    /** Renews a delivery's lease for its one send if it still carries {@code token}; false when it does not. */
    boolean renew(Connection c, Delivery d, UUID token) throws SQLException {
        try (PreparedStatement renew = c.prepareStatement("UPDATE " + table
                + " SET leased_until = now() + ?::interval"
                + " WHERE source_account_id = ? AND id = ? AND status = 'pending' AND lease_token = ?")) {
            renew.setString(1, OutboxLease.interval(OutboxLease.covering(1)));
            renew.setString(2, d.account());
            renew.setObject(3, d.id());
            renew.setObject(4, token);
            return renew.executeUpdate() == 1;
        }
    }

    /** Marks the delivery delivered, if it still carries {@code token}. */
    void delivered(Connection c, Delivery d, UUID token, int statusCode) throws SQLException {
        try (PreparedStatement update = c.prepareStatement("UPDATE " + table
                + " SET status = 'delivered', delivered_at = now(), leased_until = NULL, last_status_code = ?,"
                + " last_error = NULL WHERE source_account_id = ? AND id = ? AND lease_token = ?")) {
            update.setInt(1, statusCode);
            update.setString(2, d.account());
            update.setObject(3, d.id());
            update.setObject(4, token);
            update.executeUpdate();
        }
    }

    /**
     * Records a failed attempt, if the delivery still carries {@code token}: due again after
     * {@code retryIn}, or failed for good when that is null.
     */
    void failed(Connection c, Delivery d, UUID token, Integer statusCode, String error, Duration retryIn)
            throws SQLException {
        try (PreparedStatement update = c.prepareStatement(
                "UPDATE " + table
                        + " SET status = ?, leased_until = NULL, last_status_code = ?, last_error = ?,"
                        + " next_attempt_at = now() + ?::interval WHERE source_account_id = ? AND id = ? AND lease_token = ?")) {
            update.setString(1, retryIn == null ? "failed" : "pending");
            update.setObject(2, statusCode);
            update.setString(3, error.length() > MAX_ERROR ? error.substring(0, MAX_ERROR) : error);
            update.setString(4, OutboxLease.interval(retryIn == null ? Duration.ZERO : retryIn));
            update.setString(5, d.account());
            update.setObject(6, d.id());
            update.setObject(7, token);
            update.executeUpdate();
        }
    }
}
