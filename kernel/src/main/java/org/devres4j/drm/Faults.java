package org.devres4j.drm;

/**
 * Fault injection for the sweep tests: the n-th {@link #check} from now throws. Off by default.
 * Single-threaded use only (tests).
 */
final class Faults {
    private static volatile int countdown = -1;
    private static volatile int seen;

    private Faults() {
    }

    /** Fails the n-th check from now (1-based); 0 or less turns injection off. */
    static void failAt(int n) {
        seen = 0;
        countdown = n > 0 ? n : -1;
    }

    static void off() {
        countdown = -1;
    }

    /** @return how many checks ran since the last {@link #failAt} */
    static int seen() {
        return seen;
    }

    static void check(String point) {
        seen++;
        if (countdown > 0 && --countdown == 0) {
            countdown = -1;
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
