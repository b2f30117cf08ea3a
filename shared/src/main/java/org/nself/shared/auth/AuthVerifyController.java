package org.nself.shared.auth;

import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Status;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.rules.SecurityRule;

/** For nginx {@code auth_request}: 204 for a valid bearer, 401 (from the security filter) otherwise. */
@Controller("/api/v1/auth")
@Secured(SecurityRule.IS_AUTHENTICATED)
final class AuthVerifyController {
    @Get("/verify")
    @Status(HttpStatus.NO_CONTENT)
    HttpResponse<Void> verify() {
        return HttpResponse.noContent();
    }
}
