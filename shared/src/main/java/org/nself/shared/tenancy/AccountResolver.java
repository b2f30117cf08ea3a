package org.nself.shared.tenancy;

import io.micronaut.http.HttpRequest;
import io.micronaut.security.authentication.Authentication;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.Optional;
import org.nself.shared.auth.AccountClaims;
import org.nself.shared.error.ApiError;
import org.nself.shared.error.ApiException;
import org.nself.shared.error.ErrorCode;

/**
 * The account of a request (SPEC.md §1). A JWT user's account is its {@code x-hasura-source-account-id}
 * claim and nothing else: a valid JWT without it is a 403, and its {@code X-App-Name} or {@code ?app=} is
 * ignored. Only the operator (plugin secret) and the public ingest routes choose an account by the
 * {@code X-App-Name} header, else {@code ?app=}, else {@code primary}. A value that does not match the
 * account pattern is a 400.
 */
@Singleton
public final class AccountResolver {
    public static final String APP_HEADER = "X-App-Name";
    static final String MISSING_CLAIM =
            "the JWT has no " + AccountClaims.ACCOUNT_CLAIM + " claim (in its claims namespace): it names no account";

    public AccountId resolve(HttpRequest<?> request) {
        Optional<Authentication> authentication = request.getUserPrincipal(Authentication.class);
        if (authentication.isPresent() && AccountClaims.isJwtUser(authentication.get())) {
            return new AccountId(AccountClaims.account(authentication.get())
                    .orElseThrow(() -> new ApiException(
                            ErrorCode.FORBIDDEN,
                            MISSING_CLAIM,
                            List.of(new ApiError.Detail(AccountClaims.ACCOUNT_CLAIM, "missing")))));
        }
        String header = request.getHeaders().get(APP_HEADER);
        if (header != null) {
            return new AccountId(header.strip());
        }
        String app = request.getParameters().get("app");
        if (app != null) {
            return new AccountId(app.strip());
        }
        return AccountId.PRIMARY;
    }
}
