package org.nself.shared.error;

import io.micronaut.core.order.Ordered;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.ResponseFilter;
import io.micronaut.http.annotation.ServerFilter;
import io.micronaut.http.filter.ServerFilterPhase;
import java.util.Map;
import org.nself.shared.metrics.Tally;

/**
 * Counts the refusals (4xx) this process answered, by code and reason. Every error body is made by
 * {@link ErrorResponses} or {@link NselfErrorResponseProcessor}, which tag the response with its
 * code and reason; this filter, first on the way in and so last on the way out, counts the tagged
 * responses that leave, whichever handler, filter or controller made them. In-process only: the
 * export as metrics is a later step.
 */
@ServerFilter("/**")
public final class Rejections implements Ordered {
    static final String ATTRIBUTE = "nself.rejection";

    /** What one refusal is counted under. */
    public record Key(ErrorCode code, String reason) {
        @Override
        public String toString() {
            return code.name() + "/" + reason;
        }
    }

    private final Tally<Key> counts = new Tally<>();

    static void tag(MutableHttpResponse<?> response, ErrorCode code, String reason) {
        response.setAttribute(ATTRIBUTE, new Key(code, reason));
    }

    @ResponseFilter
    void count(HttpResponse<?> response) {
        response.getAttribute(ATTRIBUTE, Key.class).ifPresent(key -> {
            if (response.code() >= 400 && response.code() < 500) {
                counts.increment(key);
            }
        });
    }

    /** How many refusals were answered with this code and reason. */
    public long count(ErrorCode code, String reason) {
        return counts.count(new Key(code, reason));
    }

    /** Every count so far, ordered by {@code CODE/reason}. */
    public Map<String, Long> snapshot() {
        return counts.snapshot();
    }

    @Override
    public int getOrder() {
        return ServerFilterPhase.FIRST.order();
    }
}
