package org.nself.crash.rollup;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Collection;
import java.util.Set;
import java.util.TreeSet;

/**
 * The rollup job's input: the hours whose rollups must be recomputed, marked by the transaction that
 * wrote reports or sessions into them. A new mark per transaction, never one shared with another, so
 * the rollup job cannot clear it unread (see {@code stats.RollupJob}).
 */
public final class RollupMarks {
    private RollupMarks() {}

    /** Marks the hours of {@code times} (one batched statement, in the caller's transaction). */
    public static void markHours(Connection c, String account, Collection<Instant> times) throws SQLException {
        Set<Instant> hours = new TreeSet<>();
        times.forEach(t -> hours.add(t.truncatedTo(ChronoUnit.HOURS)));
        try (PreparedStatement mark =
                c.prepareStatement("INSERT INTO np_crash_rollup_dirty (source_account_id, hour) VALUES (?, ?)")) {
            for (Instant hour : hours) {
                mark.setString(1, account);
                mark.setTimestamp(2, Timestamp.from(hour));
                mark.addBatch();
            }
            mark.executeBatch();
        }
    }
}
