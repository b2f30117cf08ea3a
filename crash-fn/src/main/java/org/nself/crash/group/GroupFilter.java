package org.nself.crash.group;

import java.time.Instant;
import java.util.List;

/** The filters and order of {@code GET /api/v1/crashes}; null filters do not filter, and every tag filter must hold. */
record GroupFilter(
        GroupStatus status,
        String release,
        String environment,
        String platform,
        Instant since,
        Instant until,
        String q,
        List<TagFilter> tags,
        String sort,
        boolean ascending) {
    GroupFilter {
        tags = List.copyOf(tags);
    }
}
