package org.nself.crash.group;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * A group's counters as stored: reports, crashes, distinct users, when it was first and last seen and in
 * which releases (null until a report with a release arrives).
 */
record GroupCounts(
        long count,
        long crashes,
        long users,
        Instant firstSeen,
        Instant lastSeen,
        String firstRelease,
        String lastRelease) {

    /**
     * The counters once a batch's reports are added. The first release is the first one ever recorded;
     * the last release moves to the batch's only when the batch's latest report is not older than what
     * the group had seen. {@code newUsers} are the batch's users the group had not had yet.
     */
    GroupCounts plus(GroupTally.Added added, long newUsers) {
        Instant first = stored(added.first());
        Instant last = stored(added.last());
        return new GroupCounts(
                count + added.count(),
                crashes + added.crashes(),
                users + newUsers,
                first.isBefore(firstSeen) ? first : firstSeen,
                last.isAfter(lastSeen) ? last : lastSeen,
                firstRelease != null ? firstRelease : added.firstRelease(),
                added.lastRelease() != null && !last.isBefore(lastSeen) ? added.lastRelease() : lastRelease);
    }

    /**
     * A time as PostgreSQL keeps it: microseconds, rounded half up by the JDBC driver. Stored times are
     * compared with a report's in that form, so a report within the same microsecond is the same time.
     */
    static Instant stored(Instant time) {
        return time.plusNanos(500).truncatedTo(ChronoUnit.MICROS);
    }
}
