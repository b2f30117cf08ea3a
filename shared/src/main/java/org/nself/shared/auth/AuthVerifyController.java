package org.nself.shared.auth;

import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.rules.SecurityRule;
import org.nself.shared.tenancy.AccountId;

/**
 * For nginx {@code auth_request}: 204 for a valid bearer, 401 (from the security filter) otherwise.
 * The 204 names the account the request resolves to in {@code X-Nself-Account}, for
 * {@code auth_request_set} and for checking an edge's subdomain routing.
 */
@Controller("/api/v1/auth")
@Secured(SecurityRule.IS_AUTHENTICATED)
final class AuthVerifyController {
    static final String ACCOUNT_HEADER = "X-Nself-Account";

    @Get("/verify")
    HttpResponse<Void> verify(AccountId account) {
        return HttpResponse.<Void>noContent().header(ACCOUNT_HEADER, account.value());
    }
}
