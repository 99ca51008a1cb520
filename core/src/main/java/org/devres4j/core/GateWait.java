package org.devres4j.core;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;

/**
 * What every gate shares: the argument refusals and the shutter's wait for the readers, used by
 * {@link StripedGate} and {@link TrackedGate} so that both refuse, wait, time out and treat interrupts the
 * same.
 *
 * <p><b>Lifetime:</b> stateless. <b>Order:</b> called after the gate's shut flag was written (and, for a
 * tracked gate, fenced); it returns once {@link Gate#inside()} read zero or the deadline passed.
 * <b>Concurrency:</b> runs on the shutting thread only; it spins briefly, then yields, then parks with a
 * growing pause (at most 1 ms), so a reader that never wakes it is still seen within a millisecond.
 */
final class GateWait {

    private static final int SPINS = 1 << 10;
    private static final int YIELDS = 1 << 6;

    private GateWait() {
    }

    /* the null-name refusal of Gate.create and Gate.createTracked */
    static String requireName(String name) {
        if (name == null) {
            throw new NullPointerException("Gate.create: the name must not be null");
        }
        return name;
    }

    /* the null-timeout refusal of shut(Duration) and shutInterruptibly(Duration), naming the gate */
    static Duration requireTimeout(Gate gate, Duration timeout, String op) {
        if (timeout == null) {
            throw new NullPointerException(op + " on gate '" + gate.name() + "': the timeout must not be null");
        }
        return timeout;
    }

    /* the refusal of a token no gate of this kind hands out (a refused enter has nothing to exit) */
    static IllegalArgumentException badToken(Gate gate, int token) {
        return new IllegalArgumentException("exit on gate '" + gate.name() + "': token " + token
                + " was not returned by tryEnter (a refused enter has nothing to exit)");
    }

    /** A wait that may declare an interrupt. */
    @FunctionalInterface
    interface Wait {
        boolean await() throws InterruptedException;
    }

    static boolean awaitQuietly(Gate gate, long timeoutNanos) {
        return quietly(() -> await(gate, timeoutNanos, false));
    }

    /* runs an uninterruptible wait (one that keeps the interrupt instead of throwing) */
    static boolean quietly(Wait uninterruptible) {
        try {
            return uninterruptible.await();
        } catch (InterruptedException impossible) {
            throw new AssertionError("an uninterruptible wait was interrupted", impossible);
        }
    }

    /**
     * Waits until no section is inside. An interrupt never turns this into a busy spin: the status is
     * cleared so that parking parks again, and — for an uninterruptible wait — set again on return; an
     * interruptible wait throws. An unpark from an exiting reader only ends the current pause early.
     */
    static boolean await(Gate gate, long timeoutNanos, boolean interruptible) throws InterruptedException {
        JfrEvents.GateShut jfr = new JfrEvents.GateShut();
        long readersAtStart = jfr.isEnabled() ? gate.inside() : 0;
        jfr.begin();
        long start = System.nanoTime();
        long park = 1_000;
        boolean interrupted = false;
        boolean completed = false;
        try {
            for (int round = 0; ; round++) {
                if (gate.inside() == 0) {
                    completed = true;
                    return true;
                }
                long waited = System.nanoTime() - start;
                if (timeoutNanos != Durations.FOREVER && waited >= timeoutNanos) {
                    return false;
                }
                if (Thread.interrupted()) { // clears the status: a park with it set would return at once
                    interrupted = true;
                    if (interruptible) {
                        throw new InterruptedException("shut of gate '" + gate.name() + "' interrupted while " + gate.inside()
                                + " section(s) were still inside; the gate stays shut");
                    }
                }
                if (round < SPINS) {
                    Thread.onSpinWait();
                } else if (round < SPINS + YIELDS) {
                    Thread.yield();
                } else {
                    long pause = timeoutNanos == Durations.FOREVER ? park : Math.min(park, timeoutNanos - waited);
                    LockSupport.parkNanos(gate, pause);
                    park = Math.min(park * 2, 1_000_000);
                }
            }
        } finally {
            if (interrupted && !interruptible) {
                Thread.currentThread().interrupt(); // the caller's interrupt is kept, not swallowed
            }
            jfr.end();
            if (jfr.shouldCommit()) {
                jfr.gate = gate.name();
                jfr.readersAtStart = readersAtStart;
                jfr.completed = completed;
                jfr.interrupted = interrupted;
                jfr.commit();
            }
        }
    }
}
