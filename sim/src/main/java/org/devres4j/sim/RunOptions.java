package org.devres4j.sim;

import java.util.Objects;

/**
 * How to run a scenario.
 *
 * <p><b>Lifetime / order / concurrency:</b> an immutable value.
 *
 * @param trace    whether the result's text and JSON include the event log (every devres/drmm
 *                 ADD/REL/DEL, bind, unbind, plug, uevent, userspace call); the log is always
 *                 recorded — a bounded window of it is in {@link RunResult#events()} either way
 * @param seed     the scheduler seed, used unless the scenario's script fixes one with {@code seed N}
 * @param listener hears every event as it happens, also those the window does not keep (to stream a
 *                 run of any length); {@link EventListener#NONE} for none
 */
public record RunOptions(boolean trace, long seed, EventListener listener) {

    /** How many of a run's first events the result keeps. */
    public static final int HEAD_EVENTS = 2_000;
    /** How many of a run's newest events the result keeps. */
    public static final int TAIL_EVENTS = 50_000;

    /**
     * Checks the listener.
     *
     * @param trace    the trace flag
     * @param seed     the seed
     * @param listener the listener
     */
    public RunOptions {
        Objects.requireNonNull(listener, "RunOptions: the listener must not be null (EventListener.NONE for none)");
    }

    /**
     * Options without a listener.
     *
     * @param trace the trace flag
     * @param seed  the seed
     */
    public RunOptions(boolean trace, long seed) {
        this(trace, seed, EventListener.NONE);
    }

    /** @return no trace, the default seed, no listener */
    public static RunOptions defaults() {
        return new RunOptions(false, Scenario.DEFAULT_SEED);
    }

    /**
     * @param l the listener
     * @return these options with that listener
     */
    public RunOptions listening(EventListener l) {
        return new RunOptions(trace, seed, l);
    }
}
