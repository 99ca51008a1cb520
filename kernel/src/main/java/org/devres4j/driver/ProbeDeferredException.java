package org.devres4j.driver;

/**
 * Thrown by {@link Driver#probe(BoundDevice)} to say "not yet": a dependency (another device, a
 * supplier driver) is missing. The kernel's {@code -EPROBE_DEFER}.
 *
 * <p><b>Lifetime:</b> the probe's devres list is released at once, exactly as for a failed probe,
 * and the device goes onto its bus's deferred list. <b>Order:</b> the bus retries every deferred
 * device after any later successful bind and on {@link Bus#rescan()}, oldest deferral first.
 * <b>Concurrency:</b> a value.
 */
public final class ProbeDeferredException extends Exception {
    private static final long serialVersionUID = 1L;

    /**
     * Creates a deferral.
     *
     * @param reason what is missing; traces print it
     */
    public ProbeDeferredException(String reason) {
        super(reason);
    }
}
