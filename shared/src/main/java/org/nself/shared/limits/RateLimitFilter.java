package org.nself.shared.limits;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.order.Ordered;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ResponseFilter;
import io.micronaut.http.annotation.ServerFilter;
import io.micronaut.http.filter.ServerFilterPhase;
import io.micronaut.security.authentication.Authentication;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.nself.shared.error.ErrorCode;
import org.nself.shared.error.ErrorResponses;

/**
 * RATE_LIMIT_MAX authenticated requests (under {@code /api/v1} and crash-fn's Sentry-shaped {@code /api/0}) per client (token + address) per RATE_LIMIT_WINDOW_MS. Runs
 * after the security filter, so only requests that authenticated count; every limited response
 * carries the {@code X-RateLimit-*} headers, and a refusal carries {@code Retry-After}.
 */
@ServerFilter({"/api/v1/**", "/api/0/**"})
final class RateLimitFilter implements Ordered {
    private static final String DECISION = "nself.rate-limit.decision";
    private final FixedWindowLimiter limiter;
    private final ClientAddress addresses;

    RateLimitFilter(RateLimitSettings settings, ClientAddress addresses) {
        this.limiter = new FixedWindowLimiter(settings.max(), settings.windowMs(), Clock.systemUTC());
        this.addresses = addresses;
    }

    @RequestFilter
    @Nullable
    HttpResponse<?> limit(HttpRequest<?> request) {
        if (!limiter.enabled()) {
            return null;
        }
        var principal = request.getUserPrincipal(Authentication.class);
        String token = request.getHeaders().getAuthorization().orElse(null);
        if (principal.isEmpty() || token == null) {
            return null;
        }
        String client = sha256(token) + "|" + addresses.of(request);
        FixedWindowLimiter.Decision decision = limiter.acquire(client);
        request.setAttribute(DECISION, decision);
        if (decision.allowed()) {
            return null;
        }
        Map<String, String> headers = new java.util.HashMap<>(decision.headers());
        headers.put("Retry-After", String.valueOf(decision.retryAfterSeconds()));
        return ErrorResponses.of(ErrorCode.RATE_LIMIT_EXCEEDED, "rate limit exceeded, retry later", List.of(), headers);
    }

    @ResponseFilter
    void headers(HttpRequest<?> request, MutableHttpResponse<?> response) {
        request.getAttribute(DECISION, FixedWindowLimiter.Decision.class)
                .ifPresent(d -> d.headers().forEach((k, v) -> {
                    if (response.getHeaders().get(k) == null) {
                        response.header(k, v);
                    }
                }));
    }

    @Override
    public int getOrder() {
        return ServerFilterPhase.SECURITY.after();
    }

    private static String sha256(String value) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
