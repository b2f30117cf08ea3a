package org.nself.shared.auth;

import io.micronaut.context.annotation.Requires;
import io.micronaut.core.async.publisher.Publishers;
import io.micronaut.http.HttpRequest;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.security.token.validator.TokenValidator;
import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Map;
import org.reactivestreams.Publisher;

/**
 * Accepts the static {@code PLUGIN_SECRET} as a bearer token. The comparison is constant-time over
 * SHA-256 digests, so neither the content nor the length of the secret leaks through timing.
 * A token that does not match falls through to the JWT validators.
 */
@Singleton
@Requires(property = "nself.auth.plugin-secret")
final class PluginSecretTokenValidator implements TokenValidator<HttpRequest<?>> {
    static final String PRINCIPAL = "plugin-secret";
    private final byte[] secretDigest;

    PluginSecretTokenValidator(PluginSecretSettings settings) {
        this.secretDigest = sha256(settings.pluginSecret().value());
    }

    @Override
    public Publisher<Authentication> validateToken(String token, HttpRequest<?> request) {
        if (token != null && MessageDigest.isEqual(secretDigest, sha256(token))) {
            return Publishers.just(
                    Authentication.build(PRINCIPAL, Map.of(AccountClaims.AUTH_METHOD, AccountClaims.PLUGIN_SECRET)));
        }
        return Publishers.empty();
    }

    @Override
    public int getOrder() {
        return HIGHEST_PRECEDENCE;
    }

    private static byte[] sha256(String value) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 missing from the JDK", e);
        }
    }
}
