package org.devres4j.drm;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * Fault injection for the sweep tests: the n-th {@link #check} from now, on the thread that armed it,
 * throws. Off by default.
 *
 * <p><b>Lifetime:</b> a plan lives from {@link #failAt} to {@link #off()} (or until it fired) and
 * belongs to the arming thread. <b>Concurrency:</b> the plan is thread-confined (a {@link ThreadLocal}),
 * so a fault armed by one test never fires on another thread, and a probe running on another thread is
 * never counted; the production path pays one thread-local read per check point when nothing is armed.
 */
final class Faults {
    private static final ThreadLocal<Plan> PLAN = new ThreadLocal<>();

    private Faults() {
    }

    /** One thread's plan: checks seen and the countdown to the failing one. */
    private static final class Plan {
        final AtomicInteger seen = new AtomicInteger();
        final AtomicInteger countdown;

        Plan(int n) {
            countdown = new AtomicInteger(n);
        }
    }

    /** Fails the n-th check from now on this thread (1-based); 0 or less turns injection off. */
    static void failAt(int n) {
        if (n > 0) {
            PLAN.set(new Plan(n));
        } else {
            PLAN.remove();
        }
    }

    /** Turns injection off on this thread. */
    static void off() {
        PLAN.remove();
    }

    /** @return how many checks ran on this thread since the last {@link #failAt} (0 if none is armed) */
    static int seen() {
        Plan p = PLAN.get();
        return p == null ? 0 : p.seen.get();
    }

    static void check(String point) {
        Plan p = PLAN.get();
        if (p == null) {
            return;
        }
        p.seen.incrementAndGet();
        if (p.countdown.get() > 0 && p.countdown.decrementAndGet() == 0) {
            throw new InjectedFault(point);
        }
    }

    /** The injected failure. */
    static final class InjectedFault extends RuntimeException {
        private static final long serialVersionUID = 1L;

        InjectedFault(String point) {
            super("injected fault at " + point);
        }
    }
}
