package org.nself.crash.group;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import java.util.List;

/** Bodies of the group endpoints. */
final class GroupRequests {
    private GroupRequests() {}

    @Serdeable
    record StatusChange(@Nullable String status) {}

    @Serdeable
    record Merge(@Nullable List<Long> groupIds) {}
}
