package org.devres4j.core;

import java.time.Duration;

/** Timeouts as nanoseconds, clamped: a wait is never made endless, nor negative, by an overflow. */
final class Durations {

    /** A wait with no deadline. */
    static final long FOREVER = Long.MAX_VALUE;

    private Durations() {
    }

    /**
     * @return the timeout in nanoseconds: 0 for zero or negative ones (however negative — an overflow
     *         must not turn "do not wait" into "wait for ever"), {@link #FOREVER} for one too long to count
     */
    static long nanos(Duration timeout) {
        if (timeout.isNegative() || timeout.isZero()) {
            return 0;
        }
        try {
            return timeout.toNanos();
        } catch (ArithmeticException tooLong) {
            return FOREVER;
        }
    }
}
