package org.nself.shared.outbox;

import java.time.Duration;
import java.util.UUID;
import org.nself.shared.outbound.OutboundPost;

/**
 * How long an outbox row is leased: longer than every send the lease covers, so no other run can take a
 * row while its holder may still be sending it. A run leases its batch with a fresh {@link #token()}
 * for {@link #covering(int) covering(batch size)}, renews one row's lease for {@code covering(1)} right
 * before its send (only if the row still carries its token, so a row another run has leased since is
 * skipped), and records the outcome only while the row still carries its token.
 */
public final class OutboxLease {
    /** For the database round trips around the sends, a pause of the process, and a clock step. */
    static final Duration MARGIN = Duration.ofSeconds(30);

    private OutboxLease() {}

    /** A lease outliving {@code sends} sends one after the other, each bounded by {@link OutboundPost#LONGEST_SEND}. */
    public static Duration covering(int sends) {
        return OutboundPost.LONGEST_SEND.multipliedBy(Math.max(1, sends)).plus(MARGIN);
    }

    /** The interval literal for {@code now() + ?::interval}. */
    static String interval(Duration lease) {
        return lease.toMillis() + " milliseconds";
    }

    /** A new lease holder's token: one per run, stored on every row the run leases. */
    static UUID token() {
        return UUID.randomUUID();
    }
}
