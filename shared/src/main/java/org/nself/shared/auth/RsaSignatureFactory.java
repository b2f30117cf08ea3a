package org.nself.shared.auth;

import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.annotation.Value;
import io.micronaut.security.token.jwt.signature.rsa.RSASignatureConfiguration;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import org.nself.shared.config.RsaPublicKeys;

/** An RS256 public key from HASURA_GRAPHQL_JWT_SECRET becomes a micronaut-security-jwt signature. */
@Factory
@Requires(property = "nself.auth.jwt.rsa-public-key")
final class RsaSignatureFactory {
    @Singleton
    @Named("hasura")
    RSASignatureConfiguration hasuraRsaSignature(@Value("${nself.auth.jwt.rsa-public-key}") String pem) {
        var key = RsaPublicKeys.parse(pem);
        return () -> key;
    }
}
