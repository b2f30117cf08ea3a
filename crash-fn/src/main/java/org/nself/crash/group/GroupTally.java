package org.nself.crash.group;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What a batch of reports adds to the groups they are counted in, and the regression rule over it.
 * Pure: the database is read before (the groups' counters and statuses, the releases they had seen) and
 * written after, in the orders given here (groups by id, the rest as the batch first met them).
 *
 * @param reports the batch's reports, each with its group
 * @param groups what the batch adds per group, in id order
 * @param releases per group and release, in the order the batch first met them
 * @param users distinct group and user pairs, in the order the batch first met them; reports without a
 *     user have none
 */
record GroupTally(
        List<Placed> reports, Map<Long, Added> groups, Map<GroupRelease, ReleaseSpan> releases, Set<GroupUser> users) {
    /** A report and the group it is counted in. */
    record Placed(long group, ReportFacts report) {}

    record GroupRelease(long group, String release) {}

    record GroupUser(long group, String userKey) {}

    /**
     * What the batch adds to one group. Walking the batch in order, a report earlier than every one
     * before it sets {@code first} and, if it has a release, {@code firstRelease}; a report not older
     * than every one before it sets {@code last} and, if it has a release, {@code lastRelease}.
     */
    record Added(
            long count,
            long crashes,
            Instant first,
            Instant last,
            String firstRelease,
            String lastRelease,
            Set<String> platforms,
            Set<String> environments) {}

    /** The batch's reports of one group in one release: how many, the earliest and the latest. */
    record ReleaseSpan(long count, Instant first, Instant last) {}

    static GroupTally of(List<Placed> reports) {
        Map<Long, Added> groups = new TreeMap<>();
        Map<GroupRelease, ReleaseSpan> releases = new LinkedHashMap<>();
        Set<GroupUser> users = new LinkedHashSet<>();
        for (Placed placed : reports) {
            ReportFacts report = placed.report();
            groups.merge(placed.group(), added(report), GroupTally::then);
            if (report.release() != null) {
                ReleaseSpan one = new ReleaseSpan(1, report.occurredAt(), report.occurredAt());
                releases.merge(new GroupRelease(placed.group(), report.release()), one, GroupTally::then);
            }
            if (report.userKey() != null) {
                users.add(new GroupUser(placed.group(), report.userKey()));
            }
        }
        return new GroupTally(
                List.copyOf(reports),
                Collections.unmodifiableMap(groups),
                Collections.unmodifiableMap(releases),
                Collections.unmodifiableSet(users));
    }

    /**
     * The groups that regress, in id order, each with the first report that reopens it: one from a
     * release that had not seen the group (not in {@code seen}), when its status says so
     * ({@link GroupStatus#regressesFor}). A report without a release reopens nothing.
     */
    List<GroupRegressed> regressions(Map<Long, GroupStatus> statuses, Set<GroupRelease> seen) {
        Map<Long, ReportFacts> reopening = new TreeMap<>();
        for (Placed placed : reports) {
            String release = placed.report().release();
            if (release == null || reopening.containsKey(placed.group())) {
                continue;
            }
            boolean releaseHasSeenGroup = seen.contains(new GroupRelease(placed.group(), release));
            if (statuses.get(placed.group()).regressesFor(releaseHasSeenGroup)) {
                reopening.put(placed.group(), placed.report());
            }
        }
        List<GroupRegressed> regressed = new ArrayList<>(reopening.size());
        reopening.forEach((group, report) -> regressed.add(new GroupRegressed(group, report)));
        return regressed;
    }

    private static Added added(ReportFacts report) {
        return new Added(
                1,
                report.crash() ? 1 : 0,
                report.occurredAt(),
                report.occurredAt(),
                report.release(),
                report.release(),
                setOf(report.platform()),
                setOf(report.environment()));
    }

    private static Set<String> setOf(String value) {
        Set<String> set = new TreeSet<>();
        if (value != null) {
            set.add(value);
        }
        return set;
    }

    /** {@code so} far, then the next report's {@code one}. */
    private static Added then(Added so, Added one) {
        boolean earlier = one.first().isBefore(so.first());
        boolean notOlder = !one.last().isBefore(so.last());
        Set<String> platforms = new TreeSet<>(so.platforms());
        platforms.addAll(one.platforms());
        Set<String> environments = new TreeSet<>(so.environments());
        environments.addAll(one.environments());
        return new Added(
                so.count() + one.count(),
                so.crashes() + one.crashes(),
                earlier ? one.first() : so.first(),
                notOlder ? one.last() : so.last(),
                earlier && one.firstRelease() != null ? one.firstRelease() : so.firstRelease(),
                notOlder && one.lastRelease() != null ? one.lastRelease() : so.lastRelease(),
                platforms,
                environments);
    }

    private static ReleaseSpan then(ReleaseSpan so, ReleaseSpan one) {
        return new ReleaseSpan(
                so.count() + one.count(),
                one.first().isBefore(so.first()) ? one.first() : so.first(),
                one.last().isAfter(so.last()) ? one.last() : so.last());
    }
}
