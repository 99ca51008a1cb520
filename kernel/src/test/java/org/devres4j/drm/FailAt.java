package org.devres4j.drm;

import java.util.concurrent.atomic.AtomicInteger;

/** A test fault hook: the n-th check after {@link #at(int)} throws {@link InjectedFault}; off until armed. */
final class FailAt implements FaultHook {
    private final AtomicInteger seen = new AtomicInteger();
    private volatile int at;

    /** Fails the n-th check from now (1-based); 0 or less turns it off. */
    void at(int n) {
        seen.set(0);
        at = n;
    }

    void off() {
        at = 0;
    }

    /** @return how many checks ran since the last {@link #at} */
    int seen() {
        return seen.get();
    }

    @Override
    public void check(String point) {
        if (at > 0 && seen.incrementAndGet() == at) {
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
