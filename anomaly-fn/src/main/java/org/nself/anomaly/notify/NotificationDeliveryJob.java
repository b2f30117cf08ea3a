package org.nself.anomaly.notify;

import io.micronaut.transaction.TransactionOperations;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.nself.shared.jdbc.DatabaseFailure;
import org.nself.shared.jobs.ScheduledJob;
import org.nself.shared.outbound.Backoff;
import org.nself.shared.outbound.OutboundPost;
import org.nself.shared.outbound.OutboxLease;

/**
 * Sends due notifications of opened anomalies; a 2xx marks one delivered, anything else is retried with
 * {@link Backoff}. Rows are leased with {@code FOR UPDATE SKIP LOCKED} and the HTTP calls happen outside
 * any transaction, so any number of instances (or Lambda invocations) can run it. A lease outlives the
 * sends it covers ({@link OutboxLease}): a run sends a row only after renewing its lease under its own
 * token, so a row another run has taken since is never sent twice.
 */
@Singleton
final class NotificationDeliveryJob implements ScheduledJob {
    static final String NAME = "anomaly-notifications";
    private static final int BATCH = 50;
    private final TransactionOperations<Connection> tx;
    private final Map<String, NotificationTarget> targets;

    NotificationDeliveryJob(TransactionOperations<Connection> tx, List<NotificationTarget> targets) {
        this.tx = tx;
        this.targets = targets.stream().collect(Collectors.toMap(NotificationTarget::name, Function.identity()));
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Duration interval() {
        return Duration.ofSeconds(10);
    }

    private record Due(UUID leaseToken, String account, UUID anomalyId, String target, String body, int attempts) {}

    @Override
    public int run(Instant tick) {
        UUID token = OutboxLease.token();
        List<Due> due = tx.executeWrite(s -> lease(s.getConnection(), token));
        for (Due d : due) {
            if (!tx.executeWrite(s -> renew(s.getConnection(), d))) {
                continue; // another run leased it since: it sends it
            }
            NotificationTarget target = targets.get(d.target());
            OutboundPost.Outcome outcome = target == null
                    ? new OutboundPost.Outcome(null, "unknown target " + d.target())
                    : target.send(d.account(), d.anomalyId(), d.body());
            tx.executeWrite(s -> {
                record(s.getConnection(), d, outcome);
                return null;
            });
        }
        return due.size();
    }

    private static List<Due> lease(Connection c, UUID token) {
        List<Due> due = new ArrayList<>();
        // spans accounts on purpose: delivery is the operator's queue; each row names its account
        try (PreparedStatement select = c.prepareStatement("WITH due AS (SELECT source_account_id, anomaly_id, target"
                + " FROM np_anomaly_notifications WHERE status = 'pending' AND next_attempt_at <= now()"
                + " AND (leased_until IS NULL OR leased_until < now())"
                + " ORDER BY next_attempt_at LIMIT ? FOR UPDATE SKIP LOCKED)"
                + " UPDATE np_anomaly_notifications n SET leased_until = now() + ?::interval, lease_token = ?,"
                + " attempts = n.attempts + 1 FROM due WHERE n.source_account_id = due.source_account_id"
                + " AND n.anomaly_id = due.anomaly_id AND n.target = due.target"
                + " RETURNING n.source_account_id, n.anomaly_id, n.target, n.body, n.attempts")) {
            select.setInt(1, BATCH);
            select.setString(2, OutboxLease.interval(OutboxLease.covering(BATCH)));
            select.setObject(3, token);
            try (ResultSet r = select.executeQuery()) {
                while (r.next()) {
                    due.add(new Due(
                            token,
                            r.getString(1),
                            r.getObject(2, UUID.class),
                            r.getString(3),
                            r.getString(4),
                            r.getInt(5)));
                }
            }
        } catch (SQLException e) {
            throw new DatabaseFailure(e);
        }
        return due;
    }

    /** Renews the row's lease for its one send if the row still carries this run's token. */
    private static boolean renew(Connection c, Due d) {
        try (PreparedStatement update = c.prepareStatement("UPDATE np_anomaly_notifications"
                + " SET leased_until = now() + ?::interval WHERE source_account_id = ? AND anomaly_id = ? AND target = ?"
                + " AND status = 'pending' AND lease_token = ?")) {
            update.setString(1, OutboxLease.interval(OutboxLease.covering(1)));
            update.setString(2, d.account());
            update.setObject(3, d.anomalyId());
            update.setString(4, d.target());
            update.setObject(5, d.leaseToken());
            return update.executeUpdate() == 1;
        } catch (SQLException e) {
            throw new DatabaseFailure(e);
        }
    }

    private static void record(Connection c, Due d, OutboundPost.Outcome outcome) {
        Duration retry = outcome.delivered() ? null : Backoff.after(d.attempts());
        String status = outcome.delivered() ? "delivered" : retry == null ? "failed" : "pending";
        String error = outcome.error();
        try (PreparedStatement update = c.prepareStatement("UPDATE np_anomaly_notifications SET status = ?,"
                + " leased_until = NULL, last_status_code = ?, last_error = ?,"
                + " delivered_at = CASE WHEN ? THEN now() END, next_attempt_at = now() + ?::interval"
                + " WHERE source_account_id = ? AND anomaly_id = ? AND target = ? AND lease_token = ?")) {
            update.setString(1, status);
            update.setObject(2, outcome.statusCode());
            update.setString(3, error == null ? null : error.length() > 500 ? error.substring(0, 500) : error);
            update.setBoolean(4, outcome.delivered());
            update.setString(5, (retry == null ? 0 : retry.toMillis()) + " milliseconds");
            update.setString(6, d.account());
            update.setObject(7, d.anomalyId());
            update.setString(8, d.target());
            update.setObject(9, d.leaseToken());
            update.executeUpdate();
        } catch (SQLException e) {
            throw new DatabaseFailure(e);
        }
    }
}
