package org.nself.shared.auth;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.context.annotation.Requires;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.bind.annotation.Bindable;

/**
 * The JWT half of authentication, as {@code EnvironmentSettings} maps HASURA_GRAPHQL_JWT_SECRET: either one
 * key ({@code algorithm} HS256/384/512 with the shared secret, or RS256/384/512 with a PEM public key) or a
 * {@code jwk-url}. Absent (no {@code enabled}), no JWT is accepted at all.
 *
 * @param leewaySeconds clock skew allowed on {@code exp} and {@code nbf} (Hasura's {@code allowed_skew})
 */
@ConfigurationProperties(JwtSettings.PREFIX)
@Requires(property = JwtSettings.PREFIX + ".enabled", value = "true")
public record JwtSettings(
        @Nullable String algorithm,
        @Nullable String key,
        @Nullable String jwkUrl,
        @Bindable(defaultValue = AccountClaims.DEFAULT_NAMESPACE) String claimsNamespace,
        @Nullable String issuer,
        @Nullable String audience,
        @Bindable(defaultValue = "" + JwtSettings.DEFAULT_LEEWAY_SECONDS) int leewaySeconds) {
    public static final String PREFIX = "nself.auth.jwt";
    public static final int DEFAULT_LEEWAY_SECONDS = 30;
    public static final int MAX_LEEWAY_SECONDS = 300;
}
