package org.nself.crash.alerts;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.rules.SecurityRule;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.nself.crash.web.QueryParams;
import org.nself.shared.error.ApiException;
import org.nself.shared.paging.ListView;
import org.nself.shared.paging.PageRequest;
import org.nself.shared.tenancy.AccountId;

/**
 * {@code GET /api/v1/alerts}: the account's alerts newest first, each with its deliveries' state (bearer);
 * filter by {@code kind}, {@code group_id}, {@code since}, {@code until}.
 */
@Controller("/api/v1/alerts")
@Secured(SecurityRule.IS_AUTHENTICATED)
@ExecuteOn(TaskExecutors.BLOCKING)
record AlertsController(ListAlerts alerts) {
    private static final Set<String> KINDS =
            Stream.of(AlertKind.values()).map(AlertKind::wire).collect(Collectors.toSet());

    @Get
    ListView<ListAlerts.AlertView> list(
            AccountId account,
            PageRequest page,
            @Nullable @QueryValue String kind,
            @Nullable @QueryValue("group_id") String groupId,
            @Nullable @QueryValue String since,
            @Nullable @QueryValue String until) {
        return alerts.list(
                account,
                new ListAlerts.Filter(
                        QueryParams.oneOf("kind", kind, KINDS, null),
                        groupId(groupId),
                        QueryParams.instant("since", since),
                        QueryParams.instant("until", until)),
                page);
    }

    private static Long groupId(String raw) {
        if (raw == null) {
            return null;
        }
        try {
            return Long.parseLong(raw.strip());
        } catch (NumberFormatException e) {
            throw ApiException.invalid("group_id", "must be a group id (an integer)");
        }
    }
}
