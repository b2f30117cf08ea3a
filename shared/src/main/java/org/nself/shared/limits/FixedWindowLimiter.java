package org.nself.shared.limits;

import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Counts requests per key in fixed windows. In memory, per instance: the nginx edge limits across
 * instances; this keeps one instance from being flooded. Stale windows are dropped as the map grows.
 */
public final class FixedWindowLimiter {
    static final int PRUNE_ABOVE_KEYS = 50_000;

    private final long max;
    private final long windowMillis;
    private final Clock clock;
    private final Map<String, Window> windows = new ConcurrentHashMap<>();

    public FixedWindowLimiter(long max, long windowMillis, Clock clock) {
        if (windowMillis <= 0) {
            throw new IllegalArgumentException("window must be positive");
        }
        this.max = max;
        this.windowMillis = windowMillis;
        this.clock = clock;
    }

    /** Whether a limit is set at all ({@code 0} turns it off). */
    public boolean enabled() {
        return max > 0;
    }

    public Decision acquire(String key) {
        long now = clock.millis();
        long start = now - Math.floorMod(now, windowMillis);
        if (windows.size() > PRUNE_ABOVE_KEYS) {
            windows.values().removeIf(w -> w.start < start);
        }
        Window window = windows.compute(key, (k, w) -> w == null || w.start != start ? new Window(start) : w);
        long used = window.count.incrementAndGet();
        long resetAt = start + windowMillis;
        return new Decision(
                used <= max, max, Math.max(0, max - used), resetAt, Math.max(1, (resetAt - now + 999) / 1000));
    }

    /** The outcome for one request, with what the {@code X-RateLimit-*} headers say. */
    public record Decision(boolean allowed, long limit, long remaining, long resetAtMillis, long retryAfterSeconds) {
        public Map<String, String> headers() {
            return Map.of(
                    "X-RateLimit-Limit", String.valueOf(limit),
                    "X-RateLimit-Remaining", String.valueOf(remaining),
                    "X-RateLimit-Reset", String.valueOf((resetAtMillis + 999) / 1000));
        }
    }

    private static final class Window {
        final long start;
        final AtomicLong count = new AtomicLong();

        Window(long start) {
            this.start = start;
        }
    }
}
