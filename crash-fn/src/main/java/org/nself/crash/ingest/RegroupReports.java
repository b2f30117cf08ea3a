package org.nself.crash.ingest;

import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import org.nself.crash.alerts.CrashAlerts;
import org.nself.crash.group.AssignGroups;
import org.nself.crash.group.Assignment;
import org.nself.crash.group.GroupCounters;
import org.nself.crash.group.GroupRegressed;
import org.nself.crash.rollup.RollupMarks;

/**
 * Re-groups stored reports of one account after re-symbolication, in the caller's transaction (the
 * caller holds their rows locked). Each goes to the group of its new fingerprint, found or opened
 * exactly as at ingest; its fingerprint, title, frames and missing debug ids are replaced; a report that
 * changes group takes its counts along, the new group regresses as at ingest, and the rollup hour is
 * marked.
 */
@Singleton
record RegroupReports(AssignGroups assign, GroupCounters counters, CrashAlerts alerts) {
    /** A stored report symbolicated again: its row, the group it is in, when it came, and what it is now. */
    record Regroup(long reportId, long group, Instant receivedAt, PendingReport report) {}

    /** Answers how many reports changed group. */
    int regroup(Connection c, String account, List<Regroup> reports) throws SQLException {
        List<PendingReport> pending = reports.stream().map(Regroup::report).toList();
        Assignment groups = assign.reassign(
                c,
                account,
                pending.stream().map(PendingReport::facts).toList(),
                reports.stream().map(Regroup::group).toList());
        ReportRows.update(c, account, reports.stream().map(Regroup::reportId).toList(), pending, groups);
        List<GroupRegressed> regressed = counters.move(c, account, groups);
        alerts.record(c, account, GroupAlerts.drafts(groups.created(), regressed));
        List<Integer> moved = groups.moved();
        if (!moved.isEmpty()) {
            RollupMarks.markHours(
                    c,
                    account,
                    moved.stream().map(i -> reports.get(i).receivedAt()).toList());
        }
        return moved.size();
    }
}
