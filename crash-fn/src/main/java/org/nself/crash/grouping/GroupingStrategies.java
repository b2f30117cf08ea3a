package org.nself.crash.grouping;

import java.util.List;

/**
 * The grouping versions this build knows, newest first. A report is grouped by every version and its
 * group is looked up by all their fingerprints, so a new version never silently splits existing groups:
 * a report whose old fingerprint has a group joins it, and its new fingerprint becomes an alias.
 */
public final class GroupingStrategies {
    private static final List<GroupingStrategy> ALL = List.of(new StackFirstStrategy());

    private GroupingStrategies() {}

    public static GroupingStrategy current() {
        return ALL.get(0);
    }

    public static List<GroupingStrategy> all() {
        return ALL;
    }
}
