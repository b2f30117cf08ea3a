package org.nself.crash.grouping;

import org.nself.crash.event.CrashEvent;

/** A versioned, pure grouping function. A new version is a new class; old versions stay for lookups. */
public interface GroupingStrategy {
    int version();

    Grouping group(CrashEvent event);
}
