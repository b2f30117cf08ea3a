package org.nself.crash.stats;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Folds hourly rollup rows into totals, a time series and per-release health (no I/O). */
final class ReleaseHealthCalculation {
    private ReleaseHealthCalculation() {}

    private static final class Acc {
        SessionCounts counts = SessionCounts.ZERO;
        final UserSketch users = new UserSketch();
        final UserSketch crashedUsers = new UserSketch();
        long crashes;
        long reports;
        Instant first;
        Instant last;

        void addSessions(StatsRepository.SessionRow row) {
            counts = counts.plus(row.counts());
            seen(row.hour());
        }

        void addUsers(StatsRepository.UserRow row) {
            if (row.users() != null) {
                users.merge(UserSketch.fromBytes(row.users()));
            }
            if (row.crashedUsers() != null) {
                crashedUsers.merge(UserSketch.fromBytes(row.crashedUsers()));
            }
        }

        void seen(Instant hour) {
            first = first == null || hour.isBefore(first) ? hour : first;
            last = last == null || hour.isAfter(last) ? hour : last;
        }

        StatsViews.Users users() {
            long total = users.estimate();
            return total == 0 ? null : new StatsViews.Users(total, Math.min(total, crashedUsers.estimate()));
        }

        Double crashFreeUsers() {
            StatsViews.Users u = users();
            return u == null ? null : SessionCounts.crashFreeUsers(u.total(), u.crashed());
        }
    }

    static StatsViews.Stats stats(StatsRange range, StatsRepository.Rollups rollups) {
        Acc total = new Acc();
        Map<Instant, Acc> series = new TreeMap<>();
        for (Instant t = range.since(); t.isBefore(range.until()); t = t.plus(range.bucket())) {
            series.put(range.bucketOf(t), new Acc());
        }
        for (StatsRepository.SessionRow row : rollups.sessions()) {
            total.addSessions(row);
            series.computeIfAbsent(range.bucketOf(row.hour()), k -> new Acc()).addSessions(row);
        }
        for (StatsRepository.UserRow row : rollups.users()) {
            total.addUsers(row);
        }
        for (StatsRepository.ReportRow row : rollups.reports()) {
            total.crashes += row.crashes();
            total.reports += row.reports();
            series.computeIfAbsent(range.bucketOf(row.hour()), k -> new Acc()).crashes += row.crashes();
        }
        List<StatsViews.Point> points = new ArrayList<>();
        series.forEach((start, acc) -> points.add(new StatsViews.Point(
                start,
                acc.counts.started(),
                acc.counts.healthy(),
                acc.counts.errored(),
                acc.counts.crashed(),
                acc.counts.abnormal(),
                acc.counts.crashFreeRate(),
                acc.crashes)));
        List<StatsViews.TopGroup> top = rollups.topGroups().stream()
                .map(g -> new StatsViews.TopGroup(g.groupId(), g.title(), g.status(), g.reports(), g.crashes()))
                .toList();
        return new StatsViews.Stats(
                range.period(),
                range.since(),
                range.until(),
                range.bucket().toHours() == 1 ? "1h" : "1d",
                StatsViews.Sessions.of(total.counts),
                total.users(),
                total.counts.crashFreeRate(),
                total.crashFreeUsers(),
                total.counts.abnormalRate(),
                total.crashes,
                total.reports,
                top,
                points,
                releases(rollups));
    }

    static List<StatsViews.ReleaseHealth> releases(StatsRepository.Rollups rollups) {
        Map<String, Acc> byRelease = new LinkedHashMap<>();
        long allStarted = 0;
        for (StatsRepository.SessionRow row : rollups.sessions()) {
            byRelease.computeIfAbsent(row.release(), k -> new Acc()).addSessions(row);
            allStarted += row.counts().started();
        }
        for (StatsRepository.UserRow row : rollups.users()) {
            byRelease.computeIfAbsent(row.release(), k -> new Acc()).addUsers(row);
        }
        for (StatsRepository.ReportRow row : rollups.reports()) {
            if (row.release().isEmpty()) {
                continue;
            }
            Acc acc = byRelease.computeIfAbsent(row.release(), k -> new Acc());
            acc.crashes += row.crashes();
            acc.seen(row.hour());
        }
        List<StatsViews.ReleaseHealth> out = new ArrayList<>();
        for (Map.Entry<String, Acc> e : byRelease.entrySet()) {
            Acc acc = e.getValue();
            out.add(new StatsViews.ReleaseHealth(
                    e.getKey(),
                    StatsViews.Sessions.of(acc.counts),
                    acc.users(),
                    acc.counts.crashFreeRate(),
                    acc.crashFreeUsers(),
                    acc.counts.abnormalRate(),
                    allStarted == 0 ? null : acc.counts.started() / (double) allStarted,
                    acc.crashes,
                    acc.first,
                    acc.last));
        }
        out.sort(Comparator.comparing(
                        StatsViews.ReleaseHealth::lastSeen, Comparator.nullsLast(Comparator.reverseOrder()))
                .thenComparing(StatsViews.ReleaseHealth::release));
        return out;
    }
}
