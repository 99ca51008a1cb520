package org.devres4j.sim;

/**
 * What a fuzz run does: how many random steps against the vgpu driver, with how many devices and
 * processes, and whether the driver has the planted bug (connector state on devm).
 *
 * <p><b>Lifetime / order / concurrency:</b> an immutable value.
 *
 * @param seed       fixes every choice: the same options give the same event log
 * @param steps      how many random steps, at least 1
 * @param devices    how many device slots ({@code vgpu0} ...), 1 to 8
 * @param processes  how many userspace processes, 1 to 8
 * @param plantedBug whether to run the vgpu variant with its connector state on devm instead of drmm
 */
public record FuzzOptions(long seed, int steps, int devices, int processes, boolean plantedBug) {

    /**
     * Checks the ranges.
     *
     * @param seed       the seed
     * @param steps      the steps
     * @param devices    the devices
     * @param processes  the processes
     * @param plantedBug the planted bug
     * @throws IllegalArgumentException naming the option and its range
     */
    public FuzzOptions {
        if (steps < 1) {
            throw new IllegalArgumentException("fuzz: steps must be at least 1, got " + steps);
        }
        if (devices < 1 || devices > 8) {
            throw new IllegalArgumentException("fuzz: devices must be 1 to 8, got " + devices);
        }
        if (processes < 1 || processes > 8) {
            throw new IllegalArgumentException("fuzz: processes must be 1 to 8, got " + processes);
        }
    }

    /**
     * @param seed  the seed
     * @param steps the steps
     * @return options with 2 devices, 3 processes and the correct driver
     */
    public static FuzzOptions of(long seed, int steps) {
        return new FuzzOptions(seed, steps, 2, 3, false);
    }
}
