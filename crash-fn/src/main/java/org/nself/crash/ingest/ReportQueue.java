package org.nself.crash.ingest;

import io.micronaut.context.annotation.Value;
import io.micronaut.transaction.TransactionOperations;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.nself.shared.error.ApiException;
import org.nself.shared.error.DatabaseFailures;
import org.nself.shared.error.ErrorCode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Group commit: concurrent ingest requests hand their reports to one writer thread, which commits
 * whatever has queued up in one transaction and only then releases the requests. So every
 * acknowledged report is committed, and a burst costs one commit instead of one per report.
 * If a batch fails for a reason other than a lost database, each report is retried alone, so one
 * bad report cannot fail its neighbours.
 */
@Singleton
final class ReportQueue {
    private static final Logger LOG = LoggerFactory.getLogger(ReportQueue.class);
    private final BlockingQueue<Entry> queue;
    private final int maxBatch;
    private final TransactionOperations<Connection> transactions;
    private final ReportWriter writer;
    private final Thread thread;
    private volatile boolean running = true;

    ReportQueue(
            TransactionOperations<Connection> transactions,
            ReportWriter writer,
            @Value("${nself.crash.ingest.queue-capacity:20000}") int capacity,
            @Value("${nself.crash.ingest.max-batch:500}") int maxBatch) {
        this.transactions = transactions;
        this.writer = writer;
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.maxBatch = maxBatch;
        this.thread = new Thread(this::loop, "crash-report-writer");
        this.thread.setDaemon(true);
        this.thread.start();
    }

    /** Waits until the report is committed (or refused) and answers where it went. */
    SavedReport save(PendingReport report) {
        Entry entry = new Entry(report, new CompletableFuture<>());
        try {
            if (!queue.offer(entry, 2, TimeUnit.SECONDS)) {
                throw new ApiException(ErrorCode.DATABASE_ERROR, "ingest is saturated, retry later");
            }
            return entry.done().get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ApiException(ErrorCode.DATABASE_ERROR, "ingest interrupted, retry later");
        } catch (TimeoutException e) {
            throw new ApiException(ErrorCode.DATABASE_ERROR, "ingest timed out, retry later");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    private void loop() {
        List<Entry> batch = new ArrayList<>(maxBatch);
        while (running) {
            try {
                Entry first = queue.poll(1, TimeUnit.SECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                queue.drainTo(batch, maxBatch - 1);
                commit(batch);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                LOG.error("report writer failed", e);
                batch.forEach(entry -> entry.done().completeExceptionally(e));
            } finally {
                batch.clear();
            }
        }
    }

    private void commit(List<Entry> batch) {
        try {
            List<SavedReport> saved = writeWithRetry(batch);
            for (int i = 0; i < batch.size(); i++) {
                batch.get(i).done().complete(saved.get(i));
            }
        } catch (RuntimeException e) {
            if (batch.size() == 1 || DatabaseFailures.isDatabaseUnavailable(e)) {
                batch.forEach(entry -> entry.done().completeExceptionally(refusalOrFailure(e)));
                return;
            }
            for (Entry entry : batch) {
                try {
                    entry.done().complete(writeWithRetry(List.of(entry)).get(0));
                } catch (RuntimeException alone) {
                    entry.done().completeExceptionally(refusalOrFailure(alone));
                }
            }
        }
    }

    /** Deadlocks and serialization failures (a concurrent merge, another instance) are retried. */
    private List<SavedReport> writeWithRetry(List<Entry> batch) {
        List<PendingReport> reports = batch.stream().map(Entry::report).toList();
        for (int attempt = 1; ; attempt++) {
            try {
                return transactions.executeWrite(status -> {
                    try {
                        return writer.write(status.getConnection(), reports);
                    } catch (SQLException e) {
                        throw new ReportWriteException(e);
                    }
                });
            } catch (ReportWriteException e) {
                String state = e.getCause() instanceof SQLException sql ? sql.getSQLState() : null;
                boolean retryable = "40P01".equals(state) || "40001".equals(state);
                if (!retryable || attempt >= 5) {
                    throw e;
                }
            }
        }
    }

    /** A value PostgreSQL refuses (SQLSTATE class 22, e.g. a lone UTF-16 surrogate in jsonb) is the sender's 400. */
    private static RuntimeException refusalOrFailure(RuntimeException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql
                    && sql.getSQLState() != null
                    && sql.getSQLState().startsWith("22")) {
                return ApiException.invalid("body", "holds a value that cannot be stored (" + sql.getSQLState() + ")");
            }
        }
        return e;
    }

    @PreDestroy
    void stop() {
        running = false;
        thread.interrupt();
    }

    private record Entry(PendingReport report, CompletableFuture<SavedReport> done) {}

    /** A report statement failed; the database error is its cause. */
    static final class ReportWriteException extends RuntimeException {
        ReportWriteException(SQLException cause) {
            super("report write failed: " + cause.getMessage(), cause);
        }
    }
}
