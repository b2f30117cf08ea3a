package org.nself.shared.tenancy;

import io.micronaut.context.annotation.Value;
import io.micronaut.http.HttpRequest;
import io.micronaut.security.authentication.Authentication;
import jakarta.inject.Singleton;
import java.util.Optional;
import org.nself.shared.auth.AccountClaims;

/**
 * The account of a request (SPEC.md §1): the JWT's {@code x-hasura-source-account-id} claim when a
 * JWT authenticated it; else the {@code X-App-Name} header; else {@code ?app=}; else {@code primary}.
 * A value that does not match the account pattern is a 400.
 */
@Singleton
public final class AccountResolver {
    public static final String APP_HEADER = "X-App-Name";
    private final String claimsNamespace;

    AccountResolver(@Value("${nself.auth.jwt.claims-namespace:`" + AccountClaims.DEFAULT_NAMESPACE + "`}") String ns) {
        this.claimsNamespace = ns;
    }

    public AccountId resolve(HttpRequest<?> request) {
        Optional<String> fromJwt = request.getUserPrincipal(Authentication.class)
                .flatMap(auth -> AccountClaims.account(auth, claimsNamespace));
        if (fromJwt.isPresent()) {
            return new AccountId(fromJwt.get());
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
