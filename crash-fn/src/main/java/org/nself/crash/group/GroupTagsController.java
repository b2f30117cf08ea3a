package org.nself.crash.group;

import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.rules.SecurityRule;
import org.nself.crash.event.EventTags;
import org.nself.shared.error.ApiException;
import org.nself.shared.paging.ListView;
import org.nself.shared.paging.PageRequest;
import org.nself.shared.tenancy.AccountId;

/** A crash group's tags (bearer): the breakdown by key with the top values, and one key's values. */
@Controller("/api/v1/crashes/{id}/tags")
@Secured(SecurityRule.IS_AUTHENTICATED)
@ExecuteOn(TaskExecutors.BLOCKING)
record GroupTagsController(GroupTags tags) {
    @Get
    ListView<TagViews.TagKey> breakdown(AccountId account, @PathVariable String id, PageRequest page) {
        return tags.breakdown(account.value(), CrashesController.groupId(id), page)
                .orElseThrow(() -> ApiException.notFound("crash group"));
    }

    @Get("/{key}")
    ListView<TagViews.TagValue> values(
            AccountId account, @PathVariable String id, @PathVariable String key, PageRequest page) {
        long groupId = CrashesController.groupId(id);
        String problem = EventTags.keyProblem(key);
        if (problem != null) {
            throw ApiException.invalid("key", problem);
        }
        return tags.values(account.value(), groupId, key, page).orElseThrow(() -> ApiException.notFound("crash group"));
    }
}
