package org.nself.anomaly.event;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Patch;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.rules.SecurityRule;
import java.util.UUID;
import org.nself.shared.error.ApiException;
import org.nself.shared.error.PathIds;
import org.nself.shared.paging.ListView;
import org.nself.shared.paging.PageRequest;
import org.nself.shared.tenancy.AccountId;

/** {@code /api/v1/anomalies}: query, detail with scoring context, feedback. */
@Controller("/api/v1/anomalies")
@Secured(SecurityRule.IS_AUTHENTICATED)
record AnomalyController(EventQueries events, ShowAnomaly showing) {
    @Get
    ListView<AnomalyView> list(
            HttpRequest<?> request,
            AccountId account,
            PageRequest page,
            @Nullable @QueryValue("detector_id") String detectorId,
            @Nullable @QueryValue String since,
            @Nullable @QueryValue String until,
            @Nullable @QueryValue String status,
            @Nullable @QueryValue("min_score") String minScore,
            @Nullable @QueryValue String feedback) {
        AnomalyFilter f = AnomalyFilter.read(
                detectorId,
                since,
                until,
                status,
                minScore,
                feedback,
                request.getParameters().getAll("entity"));
        return ListView.of(
                events.list(account.value(), f, page.limit(), page.offset()), events.count(account.value(), f), page);
    }

    @Get("/{id}")
    AnomalyView get(AccountId account, @PathVariable String id) {
        return showing.show(account.value(), uuid(id));
    }

    @Patch("/{id}")
    AnomalyView feedback(AccountId account, @PathVariable String id, @Body FeedbackRequest body) {
        FeedbackRequest feedback = body.validated();
        UUID uuid = uuid(id);
        if (!events.feedback(account.value(), uuid, feedback.feedback(), feedback.note())) {
            throw ApiException.notFound("anomaly");
        }
        return events.find(account.value(), uuid).orElseThrow(() -> ApiException.notFound("anomaly"));
    }

    private static UUID uuid(String id) {
        return PathIds.uuid(id, "anomaly");
    }
}
