package org.nself.anomaly.schedule;

import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.rules.SecurityRule;
import org.nself.shared.tenancy.AccountId;

/** {@code POST /api/v1/detectors/{id}/run}: pull and score a scheduled detector now. */
@Controller("/api/v1/detectors/{id}/run")
@Secured(SecurityRule.IS_AUTHENTICATED)
record RunController(RunDetector runner) {
    @Post
    RunDetector.RunResult run(AccountId account, @PathVariable String id) {
        return runner.runNow(account.value(), id);
    }
}
