package org.nself.crash.group;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What a user decided about a group. Resolved groups reopen (regress) only when a release that has
 * never seen the group reports it; ignored groups stay ignored.
 */
public enum GroupStatus {
    UNRESOLVED,
    RESOLVED,
    RESOLVED_IN_NEXT_RELEASE,
    IGNORED;

    public static Optional<GroupStatus> parse(String raw) {
        for (GroupStatus s : values()) {
            if (s.wire().equals(raw)) {
                return Optional.of(s);
            }
        }
        return Optional.empty();
    }

    /** Every status as the API names it. */
    public static Set<String> wires() {
        return Arrays.stream(values()).map(GroupStatus::wire).collect(Collectors.toUnmodifiableSet());
    }

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    public boolean resolved() {
        return this == RESOLVED || this == RESOLVED_IN_NEXT_RELEASE;
    }

    /** Whether a report from a release reopens a group in this status. */
    public boolean regressesFor(boolean releaseHasSeenGroup) {
        return resolved() && !releaseHasSeenGroup;
    }
}
