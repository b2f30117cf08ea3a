package org.nself.shared;

import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.context.ApplicationContext;
import io.micronaut.transaction.TransactionOperations;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.nself.shared.jdbc.DatabaseFailure;
import org.nself.shared.jobs.Chunks;
import org.nself.shared.jobs.JobLease;
import org.nself.shared.testing.PostgresTest;

/** Two service instances (two application contexts, two pools) race over the same units of work. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class JobLeaseTest implements PostgresTest {
    static final int UNITS = 40;
    static final int TICKS = 3;
    ApplicationContext first;
    ApplicationContext second;

    @BeforeAll
    void startTwoInstances() {
        Map<String, Object> props = new HashMap<>(getProperties());
        props.put("micronaut.server.port", -1);
        first = ApplicationContext.run(props, "test");
        second = ApplicationContext.run(props, "test");
    }

    @AfterAll
    void stop() {
        first.close();
        second.close();
    }

    @Test
    void eachUnitRunsExactlyOnceAcrossTwoInstances() throws Exception {
        String account = "t-" + UUID.randomUUID().toString().substring(0, 12);
        JobLease a = first.getBean(JobLease.class);
        JobLease b = second.getBean(JobLease.class);
        assertThat(a.instance()).isNotEqualTo(b.instance());
        Instant tick0 = Instant.parse("2026-01-01T00:00:00Z");

        ExecutorService pool = Executors.newFixedThreadPool(8);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Integer>> results = new java.util.ArrayList<>();
        for (JobLease lease : List.of(a, b, a, b)) {
            results.add(pool.submit(() -> {
                start.await();
                int done = 0;
                for (int t = 0; t < TICKS; t++) {
                    Instant tick = tick0.plus(Duration.ofMinutes(t));
                    for (int u = 0; u < UNITS; u++) {
                        String unit = "unit-" + u;
                        if (lease.runOnce(
                                account, "demo", unit, tick, () -> recordWork(lease, account, unit + "@" + tick))) {
                            done++;
                        }
                    }
                }
                return done;
            }));
        }
        start.countDown();
        int total = 0;
        for (Future<Integer> f : results) {
            total += f.get();
        }
        pool.shutdown();

        assertThat(total).isEqualTo(UNITS * TICKS);
        Map<String, Integer> perUnit = workDone(account);
        assertThat(perUnit).hasSize(UNITS * TICKS);
        assertThat(perUnit.values()).allMatch(count -> count == 1);
    }

    @Test
    void aUnitWhoseWorkFailsIsNotRecordedAndIsTakenAgain() {
        String account = "t-" + UUID.randomUUID().toString().substring(0, 12);
        JobLease a = first.getBean(JobLease.class);
        JobLease b = second.getBean(JobLease.class);
        Instant tick = Instant.parse("2026-01-01T00:00:00Z");
        try {
            a.runOnce(account, "flaky", "u1", tick, () -> {
                recordWork(a, account, "u1");
                throw new IllegalStateException("source down");
            });
        } catch (IllegalStateException expected) {
            // the work failed: its lease row and its writes roll back together
        }
        assertThat(workDone(account)).isEmpty();
        assertThat(b.runOnce(account, "flaky", "u1", tick, () -> recordWork(b, account, "u1")))
                .isTrue();
        assertThat(a.runOnce(account, "flaky", "u1", tick, () -> recordWork(a, account, "u1")))
                .isFalse();
        assertThat(workDone(account)).containsEntry("u1", 1);
    }

    @Test
    void aTimedLeaseHasOneHolderUntilItExpiresOrIsReleased() {
        String account = "t-" + UUID.randomUUID().toString().substring(0, 12);
        JobLease a = first.getBean(JobLease.class);
        JobLease b = second.getBean(JobLease.class);
        assertThat(a.tryAcquire(account, "rollup", Duration.ofMinutes(5))).isTrue();
        assertThat(b.tryAcquire(account, "rollup", Duration.ofMinutes(5))).isFalse();
        assertThat(a.tryAcquire(account, "rollup", Duration.ofMinutes(5)))
                .as("the holder renews")
                .isTrue();
        a.release(account, "rollup");
        assertThat(b.tryAcquire(account, "rollup", Duration.ofMillis(1))).isTrue();
        org.nself.shared.testing.Eventually.await(
                Duration.ofSeconds(5), () -> a.tryAcquire(account, "rollup", Duration.ofMinutes(1)));
    }

    @Test
    void workWhileHeldRunsOnlyOnTheInstanceThatHoldsTheLeaseAndGivesItBack() {
        String account = "t-" + UUID.randomUUID().toString().substring(0, 12);
        JobLease a = first.getBean(JobLease.class);
        JobLease b = second.getBean(JobLease.class);
        assertThat(a.tryAcquire(account, "retention", Duration.ofMinutes(5))).isTrue();
        assertThat(b.whileHeld(account, "retention", Duration.ofMinutes(5), () -> 7))
                .as("another instance holds it: nothing runs")
                .isZero();
        a.release(account, "retention");

        assertThat(b.whileHeld(account, "retention", Duration.ofMinutes(5), () -> 7))
                .isEqualTo(7);
        assertThat(a.tryAcquire(account, "retention", Duration.ofMinutes(5)))
                .as("given back after the work")
                .isTrue();
    }

    @Test
    void chunksRunUntilOneSaysNothingIsLeftAndNeverMoreThanTheBound() {
        Chunks chunks = first.getBean(Chunks.class);
        int[] calls = {0};
        int done = chunks.repeat(10, c -> {
            calls[0]++;
            return new Chunks.Chunk(5, calls[0] < 3);
        });
        assertThat(done).isEqualTo(15);
        assertThat(calls[0]).isEqualTo(3);

        calls[0] = 0;
        assertThat(chunks.repeat(4, c -> {
                    calls[0]++;
                    return new Chunks.Chunk(1, true);
                }))
                .isEqualTo(4);
        assertThat(calls[0]).isEqualTo(4);
    }

    @Test
    void eachChunkCommitsOnItsOwnSoAFailedChunkLosesOnlyItself() {
        String account = "t-" + UUID.randomUUID().toString().substring(0, 12);
        Chunks chunks = first.getBean(Chunks.class);
        int[] calls = {0};
        try {
            chunks.repeat(5, c -> {
                calls[0]++;
                insertWork(c, account, "chunk-" + calls[0]);
                if (calls[0] == 2) {
                    throw new SQLException("lost", "08006");
                }
                return new Chunks.Chunk(1, true);
            });
        } catch (DatabaseFailure expected) {
            // the second chunk failed: the failure type is the one every caller classifies
        }
        assertThat(workDone(account)).containsOnlyKeys("chunk-1");
    }

    @SuppressWarnings("unchecked")
    private void recordWork(JobLease lease, String account, String unit) {
        ApplicationContext ctx = lease == first.getBean(JobLease.class) ? first : second;
        TransactionOperations<Connection> tx = ctx.getBean(TransactionOperations.class);
        Connection c = tx.getConnection(); // joins the lease's transaction
        try {
            insertWork(c, account, unit, lease.instance());
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void insertWork(Connection c, String account, String unit) throws SQLException {
        insertWork(c, account, unit, "chunks");
    }

    private static void insertWork(Connection c, String account, String unit, String instance) throws SQLException {
        try (PreparedStatement insert = c.prepareStatement(
                "INSERT INTO np_sharedtest_work_done (source_account_id, unit_key, instance) VALUES (?, ?, ?)")) {
            insert.setString(1, account);
            insert.setString(2, unit);
            insert.setString(3, instance);
            insert.executeUpdate();
        }
    }

    @SuppressWarnings("unchecked")
    private Map<String, Integer> workDone(String account) {
        TransactionOperations<Connection> tx = first.getBean(TransactionOperations.class);
        return tx.executeRead(status -> {
            Map<String, Integer> counts = new HashMap<>();
            try (PreparedStatement q = status.getConnection()
                    .prepareStatement(
                            "SELECT unit_key, count(*) FROM np_sharedtest_work_done WHERE source_account_id = ? GROUP BY unit_key")) {
                q.setString(1, account);
                try (ResultSet r = q.executeQuery()) {
                    while (r.next()) {
                        counts.put(r.getString(1), r.getInt(2));
                    }
                }
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
            return counts;
        });
    }
}
