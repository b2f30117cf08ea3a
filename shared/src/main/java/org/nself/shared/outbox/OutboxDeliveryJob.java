package org.nself.shared.outbox;

import io.micronaut.transaction.TransactionOperations;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.nself.shared.jdbc.DatabaseFailure;
import org.nself.shared.jobs.JobSchedule;
import org.nself.shared.jobs.ScheduledJob;
import org.nself.shared.outbound.OutboundPost;

/**
 * Sends an outbox's due deliveries through their {@link DeliveryTarget}s: a 2xx marks one delivered,
 * anything else is tried again after {@link Backoff} until it has failed for good. A run leases its batch
 * under its own token ({@link OutboxLease}) with {@code FOR UPDATE SKIP LOCKED}, renews each row under that
 * token right before its send, makes the HTTP call outside any transaction and records the outcome only
 * while the row still carries the token, so any number of instances (or Lambda invocations) can run it and
 * a slow target never gets one message twice from two runs. Each service makes one per outbox table.
 */
public final class OutboxDeliveryJob implements ScheduledJob {
    static final int BATCH = 50;
    private static final Duration INTERVAL = Duration.ofSeconds(10);

    private final String name;
    private final Outbox outbox;
    private final TransactionOperations<Connection> tx;
    private final Map<String, DeliveryTarget> targets = new LinkedHashMap<>();

    public OutboxDeliveryJob(
            String name, Outbox outbox, TransactionOperations<Connection> tx, List<? extends DeliveryTarget> targets) {
        this.name = name;
        this.outbox = outbox;
        this.tx = tx;
        for (DeliveryTarget target : targets) {
            if (this.targets.put(target.name(), target) != null) {
                throw new IllegalArgumentException("two delivery targets are named " + target.name());
            }
        }
    }

    @Override
    public JobSchedule schedule() {
        return new JobSchedule(name, INTERVAL);
    }

    @Override
    public int run(Instant tick) {
        UUID token = OutboxLease.token();
        List<Delivery> due = write(c -> outbox.lease(c, BATCH, token));
        for (Delivery d : due) {
            DeliveryTarget.Send send = write(c -> {
                if (!outbox.renew(c, d, token)) {
                    return null; // another run leased it since: it sends it
                }
                DeliveryTarget target = targets.get(d.target());
                return target == null
                        ? DeliveryTarget.Send.refused("unknown target " + d.target())
                        : target.prepare(c, d);
            });
            if (send == null) {
                continue;
            }
            OutboundPost.Outcome outcome = send.attempt();
            write(c -> {
                if (outcome.delivered()) {
                    outbox.delivered(c, d, token, outcome.statusCode());
                } else {
                    outbox.failed(c, d, token, outcome.statusCode(), outcome.error(), Backoff.after(d.attempts()));
                }
                return null;
            });
        }
        return due.size();
    }

    @FunctionalInterface
    private interface Work<T> {
        T on(Connection c) throws SQLException;
    }

    private <T> T write(Work<T> work) {
        return tx.executeWrite(status -> {
            try {
                return work.on(status.getConnection());
            } catch (SQLException e) {
                throw new DatabaseFailure(e);
            }
        });
    }
}
