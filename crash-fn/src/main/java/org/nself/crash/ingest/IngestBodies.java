package org.nself.crash.ingest;

import io.micronaut.http.HttpRequest;
import jakarta.inject.Singleton;
import java.util.Map;
import java.util.function.Function;
import org.nself.shared.limits.IngestBudget;
import org.nself.shared.limits.IngestRateLimiter;
import org.nself.shared.limits.RequestBodies;
import org.nself.shared.tenancy.AccountId;

/**
 * The body of a bearer-less SDK ingest route ({@code /api/v1/ingest/*}): the rate limit is checked
 * before it is read; it is then decoded as it streams in, cut at {@link #MAX_BYTES} on the wire and
 * decoded, and reserved in the {@link IngestBudget} until the answer.
 */
@Singleton
public record IngestBodies(IngestRateLimiter limiter, IngestBudget budget) {
    /** Every /api/v1 body is at most 1 MiB on the wire (BodyLimitFilter); decoded it is cut at the same size. */
    public static final long MAX_BYTES = 1024 * 1024;

    /** Hands the decoded body to {@code handle} while its bytes are held; answers what it answers. */
    public <T> T read(HttpRequest<?> request, AccountId account, String encoding, Function<byte[], T> handle) {
        limiter.check(request, account, Map.of());
        try (IngestBudget.Reservation held = budget.open(Map.of())) {
            return handle.apply(held.readAll(
                    RequestBodies.decoding(RequestBodies.stream(request, MAX_BYTES), encoding, MAX_BYTES, MAX_BYTES)));
        }
    }
}
