package org.nself.crash.group;

import java.time.Instant;

/** The filters and order of {@code GET /api/v1/crashes}. */
record GroupFilter(
        String status,
        String release,
        String environment,
        String platform,
        Instant since,
        Instant until,
        String q,
        String sort,
        boolean ascending) {}
