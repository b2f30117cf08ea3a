package org.nself.crash.group;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Patch;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.rules.SecurityRule;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.nself.crash.web.QueryParams;
import org.nself.shared.error.ApiException;
import org.nself.shared.error.ErrorCode;
import org.nself.shared.paging.ListView;
import org.nself.shared.paging.PageRequest;
import org.nself.shared.tenancy.AccountId;

/** Crash groups: list, one with its latest report, its reports, status changes and merges (bearer). */
@Controller("/api/v1/crashes")
@Secured(SecurityRule.IS_AUTHENTICATED)
@ExecuteOn(TaskExecutors.BLOCKING)
record CrashesController(GroupRepository groups, GroupReports groupReports, MergeGroups merges) {
    static final int MAX_MERGE = 100;
    private static final Set<String> STATUSES = GroupStatus.wires();

    @Get
    ListView<GroupView> list(
            AccountId account,
            PageRequest page,
            @Nullable @QueryValue String status,
            @Nullable @QueryValue String release,
            @Nullable @QueryValue String environment,
            @Nullable @QueryValue String platform,
            @Nullable @QueryValue String since,
            @Nullable @QueryValue String until,
            @Nullable @QueryValue String q,
            @Nullable @QueryValue("tag") List<String> tag,
            @Nullable @QueryValue String sort,
            @Nullable @QueryValue String order) {
        GroupFilter filter = new GroupFilter(
                GroupStatus.parse(QueryParams.oneOf("status", status, STATUSES, null))
                        .orElse(null),
                QueryParams.text("release", release, 200),
                QueryParams.text("environment", environment, 64),
                QueryParams.text("platform", platform, 32),
                QueryParams.instant("since", since),
                QueryParams.instant("until", until),
                QueryParams.text("q", q, 200),
                tags(tag),
                QueryParams.oneOf("sort", sort, Set.of("last_seen", "first_seen", "count", "users"), "last_seen"),
                "asc".equals(QueryParams.oneOf("order", order, Set.of("asc", "desc"), "desc")));
        return groups.list(account.value(), filter, page);
    }

    private static List<TagFilter> tags(List<String> raw) {
        if (raw == null) {
            return List.of();
        }
        if (raw.size() > TagFilter.MAX) {
            throw ApiException.invalid("tag", "must be given at most " + TagFilter.MAX + " times");
        }
        return raw.stream().map(TagFilter::parse).toList();
    }

    @Get("/{id}")
    GroupDetailView get(AccountId account, @PathVariable String id) {
        return groupReports
                .detail(account.value(), groupId(id))
                .orElseThrow(() -> ApiException.notFound("crash group"));
    }

    @Get("/{id}/reports")
    ListView<ReportView> reports(AccountId account, @PathVariable String id, PageRequest page) {
        return groupReports
                .reports(account.value(), groupId(id), page)
                .orElseThrow(() -> ApiException.notFound("crash group"));
    }

    @Patch("/{id}")
    GroupView setStatus(AccountId account, @PathVariable String id, @Body GroupRequests.StatusChange body) {
        long groupId = groupId(id);
        if (body.status() == null) {
            throw ApiException.invalid("status", "is required");
        }
        GroupStatus next = GroupStatus.parse(body.status())
                .orElseThrow(() -> ApiException.invalid(
                        "status",
                        "must be one of "
                                + String.join(", ", STATUSES.stream().sorted().toList())));
        return groups.setStatus(account.value(), groupId, next).orElseThrow(() -> mergedOrMissing(account, groupId));
    }

    @Post("/{id}/merge")
    GroupView merge(AccountId account, @PathVariable String id, @Body GroupRequests.Merge body) {
        long target = groupId(id);
        if (body.groupIds() == null || body.groupIds().isEmpty()) {
            throw ApiException.invalid("group_ids", "must list at least one group to merge");
        }
        if (body.groupIds().size() > MAX_MERGE) {
            throw ApiException.invalid("group_ids", "must list at most " + MAX_MERGE + " groups");
        }
        Set<Long> sources = new LinkedHashSet<>();
        for (Long source : body.groupIds()) {
            if (source == null || source < 1) {
                throw ApiException.invalid("group_ids", "must be positive group ids");
            }
            if (source == target) {
                throw new ApiException(ErrorCode.CONFLICT, "a group cannot be merged into itself");
            }
            sources.add(source);
        }
        MergeGroups.MergeOutcome outcome = merges.merge(account.value(), target, List.copyOf(sources));
        if (outcome instanceof MergeGroups.MergeOutcome.Merged merged) {
            return merged.target();
        }
        long missing = ((MergeGroups.MergeOutcome.Missing) outcome).id();
        throw missing == target
                ? mergedOrMissing(account, target)
                : new ApiException(ErrorCode.NOT_FOUND, "crash group " + missing + " not found");
    }

    private ApiException mergedOrMissing(AccountId account, long id) {
        return groups.find(account.value(), id)
                .filter(g -> g.mergedInto() != null)
                .map(g -> new ApiException(
                        ErrorCode.CONFLICT, "crash group " + id + " was merged into " + g.mergedInto()))
                .orElseGet(() -> ApiException.notFound("crash group"));
    }

    static long groupId(String raw) {
        if (raw == null || !raw.matches("\\d{1,18}") || Long.parseLong(raw) < 1) {
            throw ApiException.notFound("crash group");
        }
        return Long.parseLong(raw);
    }
}
