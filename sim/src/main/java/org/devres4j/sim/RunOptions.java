package org.devres4j.sim;

/**
 * How to run a scenario.
 *
 * <p><b>Lifetime / order / concurrency:</b> an immutable value.
 *
 * @param trace whether the result keeps the full event log (every devres/drmm ADD/REL/DEL, bind,
 *              unbind, plug, uevent, userspace call) for {@link RunResult#toText()} and JSON; the
 *              log is always recorded, this only decides whether it is printed
 * @param seed  the scheduler seed, used unless the scenario's script fixes one with {@code seed N}
 */
public record RunOptions(boolean trace, long seed) {

    /** @return no trace, the default seed */
    public static RunOptions defaults() {
        return new RunOptions(false, Scenario.DEFAULT_SEED);
    }
}
