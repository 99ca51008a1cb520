package org.devres4j.drm;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

/** Bounded waits for the threaded DRM tests: each fails with a message naming what it waited for. */
final class Waits {
    private static final long SECONDS = 10;

    private Waits() {
    }

    /** Waits at most 10 s for the latch; an AssertionError names {@code what} otherwise. */
    static void await(CountDownLatch latch, String what) {
        try {
            if (!latch.await(SECONDS, TimeUnit.SECONDS)) {
                throw new AssertionError("waited " + SECONDS + " s for " + what);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted waiting for " + what, e);
        }
    }

    /** Waits at most 10 s for the condition, sleeping a millisecond between looks. */
    static void until(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(SECONDS);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("waited " + SECONDS + " s for " + what);
            }
            Thread.sleep(1);
        }
    }

    /**
     * Spins (no sleep: the racing threads must start together) at most 10 s until {@code go} reaches
     * {@code round}; an IllegalStateException names the round otherwise.
     */
    static void awaitRound(AtomicInteger go, int round) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(SECONDS);
        while (go.get() != round) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("round " + round + " never started");
            }
            Thread.onSpinWait();
        }
    }
}
