package org.nself.crash.group;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * Where a batch of reports goes: each report's group, locked until the transaction ends, with the
 * state it was locked in, and the groups the batch opened. It is counted once ({@link GroupCounters}
 * writes counters computed from that state).
 */
public final class Assignment {
    /** A locked group's status and counters, as read under its lock. */
    record Locked(GroupStatus status, GroupCounts counts) {}

    private final List<ReportFacts> reports;
    private final long[] groups;
    private final long[] previous;
    private final Map<Long, Locked> locked;
    private final List<GroupCreated> created;
    private boolean counted;

    Assignment(
            List<ReportFacts> reports,
            long[] groups,
            long[] previous,
            Map<Long, Locked> locked,
            List<GroupCreated> created) {
        this.reports = reports;
        this.groups = groups;
        this.previous = previous;
        this.locked = locked;
        this.created = created;
    }

    /** The group of the report at this index of the batch. */
    public long group(int report) {
        return groups[report];
    }

    /** The groups the batch opened, in the order their first reports came. */
    public List<GroupCreated> created() {
        return Collections.unmodifiableList(created);
    }

    /** Indexes of the reports now in another group than before (re-grouping only; else none). */
    public List<Integer> moved() {
        List<Integer> moved = new ArrayList<>();
        for (int i = 0; previous != null && i < groups.length; i++) {
            if (groups[i] != previous[i]) {
                moved.add(i);
            }
        }
        return moved;
    }

    /** Marks the assignment counted; a second count would start from counters already replaced. */
    void markCounted() {
        if (counted) {
            throw new IllegalStateException("an assignment is counted once");
        }
        counted = true;
    }

    List<ReportFacts> reports() {
        return reports;
    }

    long previous(int report) {
        return previous[report];
    }

    Map<Long, Locked> locked() {
        return locked;
    }
}
