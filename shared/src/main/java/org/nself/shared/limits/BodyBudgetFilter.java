package org.nself.shared.limits;

import io.micronaut.http.HttpMethod;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Filter;
import io.micronaut.http.filter.HttpServerFilter;
import io.micronaut.http.filter.ServerFilterChain;
import io.micronaut.http.filter.ServerFilterPhase;
import io.micronaut.http.server.HttpServerConfiguration;
import io.micronaut.security.authentication.Authentication;
import java.util.Map;
import org.nself.shared.error.ApiException;
import org.nself.shared.error.ErrorResponses;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;

/**
 * Authenticated requests with a body take their share of the process-wide {@link IngestBudget} before
 * the route reads the body: {@link #COST_PER_BYTE} bytes of heap per declared byte (the bytes, their text,
 * the parsed tree), the route's whole limit when no length is declared. So 400 concurrent 1 MiB bodies on
 * a management route are answered 429 with {@code Retry-After} beyond the budget instead of all being
 * buffered and parsed at once. The public ingest routes meter their bytes themselves as they stream and
 * are not counted here (they carry no authentication). The share is given back however the exchange ends
 * (answered, failed, or the client gone).
 */
@Filter("/api/v1/**")
final class BodyBudgetFilter implements HttpServerFilter {
    static final long COST_PER_BYTE = 5;
    private final IngestBudget budget;
    private final long maxRequestBytes;

    BodyBudgetFilter(IngestBudget budget, HttpServerConfiguration server) {
        this.budget = budget;
        this.maxRequestBytes = server.getMaxRequestSize();
    }

    @Override
    public Publisher<MutableHttpResponse<?>> doFilter(HttpRequest<?> request, ServerFilterChain chain) {
        long cost = cost(request);
        if (cost == 0 || request.getUserPrincipal(Authentication.class).isEmpty()) {
            return chain.proceed(request);
        }
        IngestBudget.Reservation share = budget.open(Map.of());
        try {
            share.hold(cost);
        } catch (ApiException refused) {
            share.close();
            return Flux.just(
                    ErrorResponses.of(refused.code(), refused.getMessage(), refused.details(), refused.headers()));
        }
        return Flux.from(chain.proceed(request)).doFinally(signal -> share.close());
    }

    /** What the body will hold on the heap: by its declared length, else by the largest body the server takes. */
    long cost(HttpRequest<?> request) {
        HttpMethod method = request.getMethod();
        if (!method.permitsRequestBody()) {
            return 0;
        }
        long declared = request.getContentLength();
        if (declared == 0) {
            return 0;
        }
        if (declared < 0) {
            boolean chunked = request.getHeaders().contains("Transfer-Encoding");
            return chunked ? COST_PER_BYTE * maxRequestBytes : 0;
        }
        return COST_PER_BYTE * Math.min(declared, maxRequestBytes);
    }

    @Override
    public int getOrder() {
        return ServerFilterPhase.SECURITY.after() + 1;
    }
}
