package org.nself.crash.ingest;

import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.nself.crash.alerts.CrashAlerts;
import org.nself.crash.group.AssignGroups;
import org.nself.crash.group.Assignment;
import org.nself.crash.group.GroupCounters;
import org.nself.crash.group.GroupRegressed;
import org.nself.crash.rollup.RollupMarks;

/**
 * Writes a batch of reports in the caller's transaction with a fixed number of round trips, whatever
 * its size, account by account: each report's group (found or opened, then locked), the reports (a
 * known event id is a resend: nothing else changes), their counts in the groups with the regressions
 * they cause, the hour's mark for the rollup job, and the alerts raised.
 */
@Singleton
record WriteReports(AssignGroups assign, GroupCounters counters, CrashAlerts alerts) {
    List<SavedReport> write(Connection c, List<PendingReport> batch) throws SQLException {
        Instant receivedAt = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        SavedReport[] saved = new SavedReport[batch.size()];
        Map<String, List<Integer>> byAccount = new LinkedHashMap<>();
        for (int i = 0; i < batch.size(); i++) {
            byAccount
                    .computeIfAbsent(batch.get(i).account(), k -> new ArrayList<>())
                    .add(i);
        }
        for (Map.Entry<String, List<Integer>> e : byAccount.entrySet()) {
            List<PendingReport> reports = e.getValue().stream().map(batch::get).toList();
            List<SavedReport> written = writeAccount(c, e.getKey(), reports, receivedAt);
            for (int k = 0; k < written.size(); k++) {
                saved[e.getValue().get(k)] = written.get(k);
            }
        }
        return List.of(saved);
    }

    private List<SavedReport> writeAccount(
            Connection c, String account, List<PendingReport> reports, Instant receivedAt) throws SQLException {
        Assignment groups = assign.assign(
                c, account, reports.stream().map(PendingReport::facts).toList());
        List<Integer> fresh = ReportRows.insert(c, account, reports, groups, receivedAt);
        Set<Integer> inserted = new HashSet<>(fresh);
        List<SavedReport> saved = new ArrayList<>(reports.size());
        for (int k = 0; k < reports.size(); k++) {
            UUID eventId = reports.get(k).event().attributes().eventId();
            saved.add(
                    inserted.contains(k)
                            ? new SavedReport(eventId, groups.group(k), false)
                            : new SavedReport(eventId, ReportRows.groupOf(c, account, eventId), true));
        }
        List<GroupRegressed> regressed = List.of();
        if (!fresh.isEmpty()) {
            regressed = counters.add(c, account, groups, fresh);
            RollupMarks.markHours(c, account, List.of(receivedAt));
        }
        alerts.record(c, account, GroupAlerts.drafts(groups.created(), regressed));
        return saved;
    }
}
