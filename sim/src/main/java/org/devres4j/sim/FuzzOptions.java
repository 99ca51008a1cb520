package org.devres4j.sim;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

import org.devres4j.drivers.vgpu.VgpuBug;

/**
 * What a fuzz run does: how many random steps against the vgpu driver, with how many devices and
 * processes, and which bug (if any) is planted in the driver.
 *
 * <p><b>Lifetime / order / concurrency:</b> an immutable value.
 *
 * <p>Every {@link VgpuBug} can be planted; scripts and the command line name them as the vgpu
 * variants do ({@link #bugName(VgpuBug)}, {@link #bugNamed(String)}): {@code devm-connector-state},
 * {@code drmm-sysfs}, {@code drmm-mmio}, {@code unguarded}.
 *
 * @param seed       fixes every choice: the same options give the same event log
 * @param steps      how many random steps, at least 1
 * @param devices    how many device slots ({@code vgpu0} ...), 1 to 8
 * @param processes  how many userspace processes, 1 to 8
 * @param plantedBug the bug built into the vgpu driver, or empty for the correct driver
 */
public record FuzzOptions(long seed, int steps, int devices, int processes, Optional<VgpuBug> plantedBug) {

    /**
     * Checks the ranges.
     *
     * @param seed       the seed
     * @param steps      the steps
     * @param devices    the devices
     * @param processes  the processes
     * @param plantedBug the planted bug, or empty
     * @throws IllegalArgumentException naming the option and its range
     * @throws NullPointerException     if {@code plantedBug} is null (use {@link Optional#empty()})
     */
    public FuzzOptions {
        Objects.requireNonNull(plantedBug, "fuzz: plantedBug must not be null (Optional.empty() means the correct driver)");
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
     * The original form: {@code true} plants {@link VgpuBug#DEVM_CONNECTOR_STATE} (the connector state on
     * devm instead of drmm), {@code false} fuzzes the correct driver.
     *
     * @param seed       the seed
     * @param steps      the steps
     * @param devices    the devices
     * @param processes  the processes
     * @param plantedBug whether to plant the devm connector-state bug
     */
    public FuzzOptions(long seed, int steps, int devices, int processes, boolean plantedBug) {
        this(seed, steps, devices, processes, plantedBug ? Optional.of(VgpuBug.DEVM_CONNECTOR_STATE) : Optional.empty());
    }

    /**
     * @param seed  the seed
     * @param steps the steps
     * @return options with 2 devices, 3 processes and the correct driver
     */
    public static FuzzOptions of(long seed, int steps) {
        return new FuzzOptions(seed, steps, 2, 3, Optional.empty());
    }

    /**
     * @param bug the bug to plant
     * @return these options with that bug planted instead
     */
    public FuzzOptions planting(VgpuBug bug) {
        Objects.requireNonNull(bug, "fuzz: the bug to plant must not be null");
        return new FuzzOptions(seed, steps, devices, processes, Optional.of(bug));
    }

    /** @return the vgpu variant a run loads: {@code fixed}, or the planted bug's name */
    public String variant() {
        return plantedBug.map(FuzzOptions::bugName).orElse("fixed");
    }

    /**
     * @param bug a vgpu bug
     * @return its name in scripts and on the command line, e.g. {@code drmm-sysfs}
     */
    public static String bugName(VgpuBug bug) {
        return VgpuAdapter.nameOf(Objects.requireNonNull(bug, "bugName: the bug must not be null"));
    }

    /**
     * @param name a bug's script name, e.g. {@code drmm-mmio}
     * @return the bug, or empty if no vgpu bug has that name
     */
    public static Optional<VgpuBug> bugNamed(String name) {
        return VgpuAdapter.bugNamed(name);
    }

    /** @return every plantable bug's name, in {@link VgpuBug} declaration order */
    public static List<String> plantableBugNames() {
        return java.util.Arrays.stream(VgpuBug.values()).map(FuzzOptions::bugName).toList();
    }

    /**
     * @return the command line that replays exactly this run: every option that changes it, defaults
     *         included, e.g. {@code devres4j fuzz --seed 42 --steps 297 --devices 2 --processes 3
     *         --planted-bug drmm-mmio}
     */
    public String replayCommand() {
        return "devres4j fuzz --seed " + seed + " --steps " + steps + " --devices " + devices + " --processes "
                + processes + plantedBug.map(b -> " --planted-bug " + bugName(b)).orElse("");
    }
}
