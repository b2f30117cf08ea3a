package org.nself.crash.ingest;

import io.micronaut.transaction.TransactionOperations;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.nself.shared.error.ApiException;
import org.nself.shared.error.DatabaseFailures;
import org.nself.shared.error.ErrorCode;
import org.nself.shared.jdbc.Jdbc;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Group commit: concurrent ingest requests hand their reports to one writer thread, which commits
 * whatever has queued up in one transaction and only then releases the requests. So every
 * acknowledged report is committed, and a burst costs one commit instead of one per report.
 *
 * <p>The queue is bounded by entries and by bytes (payload and frames JSON), and a batch by both as
 * well: a database batch costs a few times its payload bytes in array literals and wire buffers. A
 * batch that fails for a reason other than a lost database is split in halves until the bad report is
 * alone, so one poison report costs about 2·log2(batch) commits and its neighbours still commit in
 * groups. The writer survives any {@link Throwable}; if it ever stops, {@code /health} says so.
 */
@Singleton
final class ReportQueue {
    static final int DEFAULT_QUEUE_CAPACITY = 20_000;
    /** Bytes of reports queued or being written; with the request budget it bounds the writer's heap. */
    static final long DEFAULT_QUEUE_MAX_BYTES = 32L * 1024 * 1024;
    /** Bytes of reports in one transaction: the JDBC arrays cost about 4x this while a batch is sent. */
    static final long DEFAULT_BATCH_MAX_BYTES = 4L * 1024 * 1024;

    private static final int BYTES_PER_PERMIT = 1024;
    private static final long OFFER_WAIT_SECONDS = 2;
    private static final long COMMIT_WAIT_SECONDS = 30;
    private static final Logger LOG = LoggerFactory.getLogger(ReportQueue.class);
    private final BlockingQueue<Entry> queue;
    private final Semaphore bytes;
    private final int bytePermits;
    private final int maxBatch;
    private final long maxBatchBytes;
    private final TransactionOperations<Connection> transactions;
    private final WriteReports writer;
    private final Thread thread;
    private volatile boolean running = true;

    /** Test hook: runs on the writer thread before each transaction attempt (to inject a fault). */
    volatile Consumer<List<PendingReport>> beforeWrite = batch -> {};

    ReportQueue(TransactionOperations<Connection> transactions, WriteReports writer, ReportQueueSettings settings) {
        this.transactions = transactions;
        this.writer = writer;
        this.queue = new LinkedBlockingQueue<>(settings.queueCapacity());
        this.bytePermits = (int) Math.max(1, Math.min(Integer.MAX_VALUE, settings.queueMaxBytes() / BYTES_PER_PERMIT));
        this.bytes = new Semaphore(bytePermits, true);
        this.maxBatch = settings.maxBatch();
        this.maxBatchBytes = settings.maxBatchBytes();
        this.thread = new Thread(this::loop, "crash-report-writer");
        this.thread.setDaemon(true);
        this.thread.start();
    }

    /** Waits until the report is committed (or refused) and answers where it went. */
    SavedReport save(PendingReport report) {
        if (!alive()) {
            throw new ApiException(ErrorCode.DATABASE_ERROR, "ingest is unavailable, retry later");
        }
        long size = sizeOf(report);
        // a report larger than the whole byte bound still passes alone (the request limits bound it)
        int permits = (int) Math.min(bytePermits, Math.max(1, size / BYTES_PER_PERMIT));
        Entry entry = new Entry(report, size, permits, new CompletableFuture<>());
        try {
            if (!bytes.tryAcquire(permits, OFFER_WAIT_SECONDS, TimeUnit.SECONDS)) {
                throw saturated();
            }
            if (!queue.offer(entry, OFFER_WAIT_SECONDS, TimeUnit.SECONDS)) {
                bytes.release(permits);
                throw saturated();
            }
            return entry.done().get(COMMIT_WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ApiException(ErrorCode.DATABASE_ERROR, "ingest interrupted, retry later");
        } catch (TimeoutException e) {
            throw new ApiException(ErrorCode.DATABASE_ERROR, "ingest timed out, retry later");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw failed();
        }
    }

    /** Whether the writer thread runs ({@link IngestHealth} reports it on {@code /health}). */
    boolean alive() {
        return thread.isAlive();
    }

    /** Reports waiting for the writer. */
    int queued() {
        return queue.size();
    }

    /** Bytes of reports queued or being written now. */
    long queuedBytes() {
        return (long) (bytePermits - bytes.availablePermits()) * BYTES_PER_PERMIT;
    }

    static long sizeOf(PendingReport report) {
        long size = 512; // the parsed event and groupings besides the JSON
        size += report.payloadJson() == null ? 0 : report.payloadJson().length();
        size += report.framesJson() == null ? 0 : report.framesJson().length();
        return size;
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
                long batchBytes = first.size();
                // one consumer: what peek shows is what poll takes
                for (Entry next = queue.peek();
                        next != null && batch.size() < maxBatch && batchBytes + next.size() <= maxBatchBytes;
                        next = queue.peek()) {
                    batch.add(queue.poll());
                    batchBytes += next.size();
                }
                commit(batch);
            } catch (InterruptedException e) {
                if (!running) {
                    return;
                }
                LOG.warn("report writer interrupted while running; continuing");
            } catch (Throwable t) {
                // whatever failed, the writer keeps going: the requests of this batch get a retryable answer
                LOG.error("report writer failed", t);
                batch.forEach(entry -> entry.done().completeExceptionally(failed()));
            } finally {
                for (Entry entry : batch) {
                    entry.done().completeExceptionally(failed()); // no-op for the ones answered already
                    bytes.release(entry.permits());
                }
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
            if (DatabaseFailures.isDatabaseUnavailable(e)) {
                batch.forEach(entry -> entry.done().completeExceptionally(e));
                return;
            }
            if (batch.size() == 1) {
                RuntimeException answer = refusalOrFailure(e);
                if (!(answer instanceof ApiException api && api.code() == ErrorCode.INVALID_REQUEST)) {
                    LOG.error("a crash report could not be stored", e);
                }
                batch.get(0).done().completeExceptionally(answer);
                return;
            }
            int half = batch.size() / 2;
            commit(batch.subList(0, half));
            commit(batch.subList(half, batch.size()));
        }
    }

    /** Deadlocks and serialization failures (a concurrent merge, another instance) are retried. */
    private List<SavedReport> writeWithRetry(List<Entry> batch) {
        List<PendingReport> reports = batch.stream().map(Entry::report).toList();
        return ConflictRetry.run(() -> {
            beforeWrite.accept(reports);
            return transactions.executeWrite(status -> Jdbc.call(() -> writer.write(status.getConnection(), reports)));
        });
    }

    /**
     * A value PostgreSQL refuses (SQLSTATE class 22, e.g. a lone UTF-16 surrogate in jsonb) is the
     * sender's 400; a lost database is the pool's 503; anything else a retryable 503 (logged).
     */
    private static RuntimeException refusalOrFailure(RuntimeException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql
                    && sql.getSQLState() != null
                    && sql.getSQLState().startsWith("22")) {
                return ApiException.invalid("body", "holds a value that cannot be stored (" + sql.getSQLState() + ")");
            }
        }
        return e instanceof ApiException ? e : failed();
    }

    private static ApiException failed() {
        return new ApiException(ErrorCode.DATABASE_ERROR, "the report could not be stored, retry later");
    }

    private static ApiException saturated() {
        return new ApiException(ErrorCode.DATABASE_ERROR, "ingest is saturated, retry later");
    }

    @PreDestroy
    void stop() {
        running = false;
        thread.interrupt();
    }

    private record Entry(PendingReport report, long size, int permits, CompletableFuture<SavedReport> done) {}
}
