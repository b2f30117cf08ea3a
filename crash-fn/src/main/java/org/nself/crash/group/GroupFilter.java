package org.nself.crash.group;

import java.time.Instant;

/** The filters and order of {@code GET /api/v1/crashes}; null filters do not filter. */
record GroupFilter(
        GroupStatus status,
        String release,
        String environment,
        String platform,
        Instant since,
        Instant until,
        String q,
        String sort,
        boolean ascending) {}
