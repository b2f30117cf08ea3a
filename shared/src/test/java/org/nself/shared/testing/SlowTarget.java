package org.nself.shared.testing;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.nself.shared.outbound.OutboundPost;

/**
 * An outbox race against a target that takes the longest time a send may take ({@link
 * OutboundPost#LONGEST_SEND}) to answer every message, in simulated time: instead of waiting, each
 * message of the first job run moves the outbox's clock on by that much (the test moves the rows'
 * {@code leased_until} and {@code next_attempt_at} back), and while the message waits for its answer a
 * second run of the same job is made, as another instance or the next tick would. The second run's own
 * messages overlap the first run's wait, so they are answered at once. Deterministic and without sleeps.
 */
public final class SlowTarget {
    private SlowTarget() {}

    /**
     * Makes the first run of {@code job} against {@code receiver}, with a second run during each of its
     * messages; {@code advanceClock} moves the outbox's clock on by the given duration.
     */
    public static void race(WebhookReceiver receiver, Consumer<Duration> advanceClock, Runnable job) {
        AtomicBoolean secondRunning = new AtomicBoolean();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        receiver.beforeAnswering(request -> {
            if (!secondRunning.compareAndSet(false, true)) {
                return; // a message of the second run
            }
            try {
                advanceClock.accept(OutboundPost.LONGEST_SEND);
                job.run();
            } catch (RuntimeException | Error e) {
                failure.compareAndSet(null, e);
            } finally {
                secondRunning.set(false);
            }
        });
        try {
            job.run();
        } finally {
            receiver.beforeAnswering(null);
        }
        if (failure.get() != null) {
            throw new AssertionError("the second run failed", failure.get());
        }
    }
}
