package org.nself.anomaly.detector;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Delete;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Patch;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.security.rules.SecurityRule;
import org.nself.shared.auth.AccountClaims;
import org.nself.shared.error.ApiException;
import org.nself.shared.paging.ListView;
import org.nself.shared.paging.PageRequest;
import org.nself.shared.tenancy.AccountId;

/** {@code /api/v1/detectors}: create, list, read, change (retrains), delete. */
@Controller("/api/v1/detectors")
@Secured(SecurityRule.IS_AUTHENTICATED)
record DetectorController(
        DetectorRepository detectors, CreateDetector creating, ChangeDetector changing, DeleteDetector deleting) {
    @Post
    HttpResponse<DetectorView> create(AccountId account, @Nullable Authentication caller, @Body DetectorRequest body) {
        return HttpResponse.created(creating.create(account.value(), body, AccountClaims.isOperator(caller)));
    }

    @Get
    ListView<DetectorView> list(AccountId account, PageRequest page) {
        return detectors.page(account.value(), page).map(DetectorView::of);
    }

    @Get("/{id}")
    DetectorView get(AccountId account, @PathVariable String id) {
        return DetectorView.of(
                detectors.find(account.value(), id).orElseThrow(() -> ApiException.notFound("detector")));
    }

    @Patch("/{id}")
    DetectorView patch(
            AccountId account, @Nullable Authentication caller, @PathVariable String id, @Body DetectorRequest body) {
        return changing.change(account.value(), id, body, AccountClaims.isOperator(caller));
    }

    @Delete("/{id}")
    HttpResponse<Void> delete(AccountId account, @PathVariable String id) {
        deleting.delete(account.value(), id);
        return HttpResponse.status(HttpStatus.NO_CONTENT);
    }
}
