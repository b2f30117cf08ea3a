package org.nself.incident.runbook;

import io.micronaut.transaction.TransactionOperations;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import org.nself.shared.jobs.JobSchedule;
import org.nself.shared.jobs.ScheduledJob;

/**
 * Fails HTTP steps left running past their longest possible duration (timeout × attempts + margin),
 * e.g. when the instance running them died; rows are leased with FOR UPDATE SKIP LOCKED, so any number
 * of instances may run this job at once.
 */
@Singleton
record StuckStepJob(TransactionOperations<Connection> tx, Executions executions, RunbookRunner runner)
        implements ScheduledJob {
    @Override
    public JobSchedule schedule() {
        return new JobSchedule("incident-runbook-step-timeouts", Duration.ofMinutes(1));
    }

    @Override
    public int run(Instant tick) {
        return tx.executeWrite(status -> {
            Connection c = status.getConnection();
            var stuck = executions.stuck(c, 100);
            stuck.forEach(s -> runner.failStuck(c, s));
            return stuck.size();
        });
    }
}
