package org.nself.shared.limits;

import io.micronaut.http.HttpRequest;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.nself.shared.error.ApiException;
import org.nself.shared.error.ErrorCode;
import org.nself.shared.tenancy.AccountId;

/**
 * The public-ingest limits: INGEST_RATE_LIMIT_PER_SECOND per client address and
 * INGEST_ACCOUNT_RATE_LIMIT_PER_SECOND per account ({@code 0} turns either off). Ingest controllers
 * call {@link #check}; a refusal is a 429 with Retry-After and the X-RateLimit-* headers, plus any
 * extra headers the caller adds (Sentry routes add X-Sentry-Rate-Limits).
 */
@Singleton
public final class IngestRateLimiter {
    private final FixedWindowLimiter perClient;
    private final FixedWindowLimiter perAccount;
    private final ClientAddress addresses;

    IngestRateLimiter(RateLimitSettings settings, ClientAddress addresses) {
        this.perClient = new FixedWindowLimiter(settings.ingestPerSecond(), 1000, Clock.systemUTC());
        this.perAccount = new FixedWindowLimiter(settings.ingestAccountPerSecond(), 1000, Clock.systemUTC());
        this.addresses = addresses;
    }

    /** Counts one ingest request; throws 429 when either limit is exhausted. */
    public void check(HttpRequest<?> request, AccountId account, Map<String, String> extraHeadersOnRefusal) {
        checkClient(request, extraHeadersOnRefusal);
        checkAccount(account, extraHeadersOnRefusal);
    }

    /**
     * The per-address half of {@link #check}, for routes that learn the account only from the body (a
     * Sentry envelope's {@code dsn}): counted before any of the body is read.
     */
    public void checkClient(HttpRequest<?> request, Map<String, String> extraHeadersOnRefusal) {
        if (perClient.enabled()) {
            refuseIfExhausted(perClient.acquire(addresses.of(request)), "client", extraHeadersOnRefusal);
        }
    }

    /** The per-account half of {@link #check}. */
    public void checkAccount(AccountId account, Map<String, String> extraHeadersOnRefusal) {
        if (perAccount.enabled()) {
            refuseIfExhausted(perAccount.acquire(account.value()), "account", extraHeadersOnRefusal);
        }
    }

    private static void refuseIfExhausted(
            FixedWindowLimiter.Decision decision, String scope, Map<String, String> extra) {
        if (decision.allowed()) {
            return;
        }
        Map<String, String> headers = new HashMap<>(decision.headers());
        headers.put("Retry-After", String.valueOf(decision.retryAfterSeconds()));
        headers.putAll(extra);
        throw new ApiException(
                ErrorCode.RATE_LIMIT_EXCEEDED,
                "ingest rate limit exceeded for this " + scope + ", retry later",
                List.of(),
                headers);
    }
}
