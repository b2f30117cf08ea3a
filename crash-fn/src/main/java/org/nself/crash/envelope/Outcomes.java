package org.nself.crash.envelope;

import jakarta.inject.Singleton;
import java.util.Map;
import org.nself.shared.metrics.Tally;

/**
 * Counts the envelope items that were dropped while their envelope was accepted: Relay's "invalid" outcomes,
 * by data category ({@code error}, {@code session}, {@code attachment}) and reason ({@code invalid_json}, {@code invalid_field},
 * {@code too_large:event}, …). Whole-request refusals (401, 413, 429, a broken envelope's 400) are answered
 * and counted by the shared {@code Rejections} instead. In-process only, for the metrics export to read.
 */
@Singleton
public final class Outcomes {
    /** What one dropped item is counted under. */
    public record Key(String category, String reason) {
        @Override
        public String toString() {
            return category + "/" + reason;
        }
    }

    private final Tally<Key> counts = new Tally<>();

    void invalid(String category, String reason) {
        counts.increment(new Key(category, reason));
    }

    /** How many items of this category were dropped for this reason. */
    public long count(String category, String reason) {
        return counts.count(new Key(category, reason));
    }

    /** Every count so far, ordered by {@code category/reason}. */
    public Map<String, Long> snapshot() {
        return counts.snapshot();
    }
}
