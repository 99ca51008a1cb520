/**
 * The one hardware model of devres4j ({@link org.devres4j.hw.model.MemoryHardware}): an address space whose
 * ranges are assigned to plugged devices and reassigned after an unplug, interrupt lines, register files that
 * start from the register model each driver supplies for its chip, and the stale-mapping rule — used by the
 * tests, the examples, the benchmarks and the simulator alike.
 *
 * <p><b>Lifetime:</b> a device's ranges and lines are its own from plug to unplug; a mapping that outlives them
 * is stale and its accesses are typed {@link org.devres4j.hw.model.HardwareFault}s. <b>Order:</b> allocation takes
 * the lowest free range and line. <b>Concurrency:</b> the hardware is thread-safe (one lock).
 */
package org.devres4j.hw.model;
