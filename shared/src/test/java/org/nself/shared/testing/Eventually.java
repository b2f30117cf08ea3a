package org.nself.shared.testing;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/** Waits for a condition (a service recovering, a delivery arriving) instead of sleeping a fixed time. */
public final class Eventually {
    private Eventually() {}

    public static void await(Duration atMost, BooleanSupplier condition) {
        long deadline = System.nanoTime() + atMost.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within " + atMost);
            }
            LockSupport.parkNanos(Duration.ofMillis(100).toNanos());
        }
    }
}
