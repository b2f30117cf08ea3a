package org.nself.crash.group;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.nself.crash.grouping.Grouping;

/**
 * What the group feature is told about one report: its groupings (newest strategy first; the first one
 * names a new group) and what it is counted by. {@code release}, {@code environment}, {@code userKey}
 * and {@code exceptionType} (at most 200 characters) may be null.
 */
public record ReportFacts(
        List<Grouping> groupings,
        UUID eventId,
        Instant occurredAt,
        String level,
        boolean crash,
        String platform,
        String release,
        String environment,
        String userKey,
        String exceptionType) {
    public ReportFacts {
        if (groupings.isEmpty()) {
            throw new IllegalArgumentException("a report needs at least one grouping");
        }
        groupings = List.copyOf(groupings);
    }

    /** The grouping of the newest strategy. */
    public Grouping current() {
        return groupings.get(0);
    }
}
