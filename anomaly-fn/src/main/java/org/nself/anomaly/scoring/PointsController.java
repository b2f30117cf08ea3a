package org.nself.anomaly.scoring;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.rules.SecurityRule;
import org.nself.anomaly.source.EntityFilter;
import org.nself.shared.paging.ListView;
import org.nself.shared.paging.PageRequest;
import org.nself.shared.tenancy.AccountId;

/** A detector's stored series with scores and bands (charts), and the preview/backtest of a configuration. */
@Controller("/api/v1/detectors/{id}")
@Secured(SecurityRule.IS_AUTHENTICATED)
record PointsController(ListPoints listing, PreviewDetector previewing) {
    @Get("/points")
    ListView<PointView> points(
            HttpRequest<?> request,
            AccountId account,
            @PathVariable String id,
            PageRequest page,
            @Nullable @QueryValue String since,
            @Nullable @QueryValue String until) {
        return listing.list(
                account.value(),
                id,
                page,
                since,
                until,
                EntityFilter.read(request.getParameters().getAll("entity")));
    }

    @Post("/preview")
    PreviewDetector.PreviewView preview(
            AccountId account, @PathVariable String id, @Body PreviewDetector.PreviewRequest body) {
        return previewing.preview(account.value(), id, body);
    }
}
