package org.nself.crash.group;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import java.time.Instant;
import java.util.List;

/** A crash group on the wire. */
@Serdeable
public record GroupView(
        long id,
        String title,
        @Nullable String culprit,
        @Nullable String exceptionType,
        String level,
        String status,
        String groupedBy,
        int strategyVersion,
        String fingerprint,
        List<String> platforms,
        List<String> environments,
        Instant firstSeen,
        Instant lastSeen,
        long count,
        long crashCount,
        long userCount,
        @Nullable String firstRelease,
        @Nullable String lastRelease,
        @Nullable Instant resolvedAt,
        @Nullable String resolvedInRelease,
        @Nullable Instant regressedAt,
        @Nullable Long mergedInto) {}
