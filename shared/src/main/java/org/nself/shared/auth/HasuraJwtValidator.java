package org.nself.shared.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.JWSKeySelector;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.util.JSONObjectUtils;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import io.micronaut.context.annotation.Requires;
import io.micronaut.core.async.publisher.Publishers;
import io.micronaut.http.HttpRequest;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.security.token.validator.TokenValidator;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import java.net.MalformedURLException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.Key;
import java.text.ParseException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import javax.crypto.spec.SecretKeySpec;
import org.nself.shared.config.RsaPublicKeys;
import org.reactivestreams.Publisher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * Accepts a Hasura-style JWT signed with the configured key. Only signed tokens (JWS) are read: an
 * unsigned or {@code alg: none} token, an encrypted one, a token whose algorithm is not the configured
 * one (so an HS256 token "signed" with an RSA public key is refused), one without {@code exp}, expired
 * beyond the leeway, or from another issuer or audience, authenticates nobody. The authentication it makes
 * carries only the method and the account claim, never other claims, so no claim grants operator rights.
 */
@Singleton
@Requires(beans = JwtSettings.class)
final class HasuraJwtValidator implements TokenValidator<HttpRequest<?>> {
    private static final Logger LOG = LoggerFactory.getLogger(HasuraJwtValidator.class);
    /** Longer than any real token; keeps parsing a hostile header cheap. */
    static final int MAX_TOKEN_CHARS = 16 * 1024;
    /** The algorithms a JWK set may use: asymmetric only, each checked against the key's type and {@code alg}. */
    static final Set<JWSAlgorithm> JWKS_ALGORITHMS = Set.of(
            JWSAlgorithm.RS256,
            JWSAlgorithm.RS384,
            JWSAlgorithm.RS512,
            JWSAlgorithm.PS256,
            JWSAlgorithm.PS384,
            JWSAlgorithm.PS512,
            JWSAlgorithm.ES256,
            JWSAlgorithm.ES384,
            JWSAlgorithm.ES512);

    private final DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
    private final String namespace;
    /** Where a JWK set fetch may block: never the event loop. Null when the key is configured inline. */
    private final Scheduler fetching;

    HasuraJwtValidator(JwtSettings settings, @Named(TaskExecutors.BLOCKING) ExecutorService blocking) {
        this.namespace = settings.claimsNamespace();
        this.fetching = settings.jwkUrl() == null ? null : Schedulers.fromExecutorService(blocking);
        processor.setJWSKeySelector(keySelector(settings));
        var verifier = new DefaultJWTClaimsVerifier<SecurityContext>(
                settings.audience() == null ? null : Set.of(settings.audience()),
                settings.issuer() == null
                        ? new JWTClaimsSet.Builder().build()
                        : new JWTClaimsSet.Builder().issuer(settings.issuer()).build(),
                Set.of("exp"),
                null);
        verifier.setMaxClockSkew(settings.leewaySeconds());
        processor.setJWTClaimsSetVerifier(verifier);
    }

    @Override
    public Publisher<Authentication> validateToken(String token, HttpRequest<?> request) {
        if (token == null || token.length() > MAX_TOKEN_CHARS) {
            return Publishers.empty();
        }
        if (fetching != null) {
            return Mono.fromCallable(() -> verified(token)).subscribeOn(fetching);
        }
        Authentication authentication = verified(token);
        return authentication == null ? Publishers.empty() : Publishers.just(authentication);
    }

    /** The authentication a token makes, or null when it makes none. */
    private Authentication verified(String token) {
        try {
            // SignedJWT.parse refuses a token whose header is not a JWS one (alg none, JWE)
            JWTClaimsSet claims = processor.process(SignedJWT.parse(token), null);
            return authentication(claims);
        } catch (ParseException | BadJOSEException | JOSEException | RuntimeException e) {
            LOG.debug("JWT refused: {}", e.getMessage());
            return null;
        }
    }

    @Override
    public int getOrder() {
        return LOWEST_PRECEDENCE;
    }

    private Authentication authentication(JWTClaimsSet claims) {
        Map<String, Object> attributes = new HashMap<>();
        attributes.put(AccountClaims.AUTH_METHOD, AccountClaims.JWT);
        account(claims).ifPresent(account -> attributes.put(AccountClaims.ACCOUNT, account));
        String subject = claims.getSubject() == null ? "jwt-user" : claims.getSubject();
        return Authentication.build(subject, attributes);
    }

    /** The account claim inside the namespace claim, which Hasura also allows as stringified JSON. */
    private Optional<String> account(JWTClaimsSet claims) {
        Object namespaced = claims.getClaim(namespace);
        Map<?, ?> map = null;
        if (namespaced instanceof Map<?, ?> m) {
            map = m;
        } else if (namespaced instanceof String json) {
            try {
                map = JSONObjectUtils.parse(json);
            } catch (ParseException e) {
                return Optional.empty();
            }
        }
        return map != null && map.get(AccountClaims.ACCOUNT_CLAIM) instanceof String account
                ? Optional.of(account)
                : Optional.empty();
    }

    private static JWSKeySelector<SecurityContext> keySelector(JwtSettings settings) {
        if (settings.jwkUrl() != null) {
            try {
                var source = JWKSourceBuilder.<SecurityContext>create(
                                URI.create(settings.jwkUrl()).toURL(), new JwksRetriever())
                        .build();
                return new JWSVerificationKeySelector<>(JWKS_ALGORITHMS, source);
            } catch (MalformedURLException | IllegalArgumentException e) {
                throw new IllegalStateException("nself.auth.jwt.jwk-url is not a URL", e);
            }
        }
        JWSAlgorithm algorithm = JWSAlgorithm.parse(String.valueOf(settings.algorithm()));
        Key key;
        if (JWSAlgorithm.Family.HMAC_SHA.contains(algorithm)) {
            key = new SecretKeySpec(String.valueOf(settings.key()).getBytes(StandardCharsets.UTF_8), "HmacSHA");
        } else if (JWSAlgorithm.Family.RSA.contains(algorithm)
                && !algorithm.getName().startsWith("PS")) {
            key = RsaPublicKeys.parse(String.valueOf(settings.key()));
        } else {
            throw new IllegalStateException("nself.auth.jwt.algorithm must be HS256/384/512 or RS256/384/512");
        }
        List<Key> keys = List.of(key);
        // one configured key: the token's algorithm must be exactly the configured one, whatever its kid
        return (header, context) -> algorithm.equals(header.getAlgorithm()) ? keys : List.of();
    }
}
