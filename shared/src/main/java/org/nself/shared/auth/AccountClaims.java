package org.nself.shared.auth;

import io.micronaut.security.authentication.Authentication;
import java.util.Optional;

/**
 * What an {@link Authentication} made by one of our token validators says about its caller. The
 * attributes are set by the validators alone ({@link PluginSecretTokenValidator}, {@link HasuraJwtValidator}),
 * never copied from a token's claims, so no claim can make a JWT user the operator.
 */
public final class AccountClaims {
    public static final String AUTH_METHOD = "nself_auth";
    public static final String ACCOUNT = "nself_account";
    public static final String DEFAULT_NAMESPACE = "https://hasura.io/jwt/claims";
    public static final String ACCOUNT_CLAIM = "x-hasura-source-account-id";
    static final String PLUGIN_SECRET = "plugin_secret";
    static final String JWT = "jwt";

    private AccountClaims() {}

    /**
     * Whether the caller is the operator (authenticated with the plugin secret) rather than a user of one
     * account (a JWT). Some settings reach beyond one account and are the operator's alone.
     */
    public static boolean isOperator(Authentication authentication) {
        return authentication != null
                && PLUGIN_SECRET.equals(authentication.getAttributes().get(AUTH_METHOD));
    }

    /** Whether a JWT authenticated the caller: then its account comes from the token alone. */
    public static boolean isJwtUser(Authentication authentication) {
        return authentication != null
                && JWT.equals(authentication.getAttributes().get(AUTH_METHOD));
    }

    /** The account claim of a JWT user, when the token carried one. */
    public static Optional<String> account(Authentication authentication) {
        if (!isJwtUser(authentication)) {
            return Optional.empty();
        }
        return authentication.getAttributes().get(ACCOUNT) instanceof String account
                ? Optional.of(account)
                : Optional.empty();
    }
}
