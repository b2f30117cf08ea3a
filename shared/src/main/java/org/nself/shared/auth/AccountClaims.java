package org.nself.shared.auth;

import io.micronaut.security.authentication.Authentication;
import java.util.Map;
import java.util.Optional;

/** Reads the account a Hasura-style JWT names. */
public final class AccountClaims {
    public static final String AUTH_METHOD = "nself_auth";
    public static final String DEFAULT_NAMESPACE = "https://hasura.io/jwt/claims";
    public static final String ACCOUNT_CLAIM = "x-hasura-source-account-id";

    private AccountClaims() {}

    /**
     * Whether the caller is the operator (authenticated with the plugin secret) rather than a user of one
     * account (a JWT). Some settings reach beyond one account and are the operator's alone.
     */
    public static boolean isOperator(Authentication authentication) {
        return authentication != null
                && "plugin_secret".equals(authentication.getAttributes().get(AUTH_METHOD));
    }

    /** The account claim, when the authentication came from a JWT that carries one. */
    public static Optional<String> account(Authentication authentication, String namespace) {
        if (authentication == null || authentication.getAttributes().containsKey(AUTH_METHOD)) {
            return Optional.empty();
        }
        Object claims = authentication.getAttributes().get(namespace);
        if (claims instanceof Map<?, ?> map && map.get(ACCOUNT_CLAIM) instanceof String account) {
            return Optional.of(account);
        }
        if (claims instanceof String json && json.contains(ACCOUNT_CLAIM)) {
            // Hasura also allows the namespace claim as a stringified JSON object
            try {
                Map<?, ?> parsed = io.micronaut.json.JsonMapper.createDefault().readValue(json, Map.class);
                if (parsed != null && parsed.get(ACCOUNT_CLAIM) instanceof String account) {
                    return Optional.of(account);
                }
            } catch (java.io.IOException e) {
                return Optional.empty();
            }
        }
        return Optional.empty();
    }
}
