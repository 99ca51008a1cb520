package org.devres4j.hw.model;

import org.devres4j.hw.MmioRange;

/**
 * What a device's registers read before anything was written: the chip's reset state. Each driver supplies
 * the model of its own chip (the vgpu's: its chip id and a connected sink), and whoever plugs a device into
 * the {@link MemoryHardware} gives the model with it; the hardware itself knows no chip.
 *
 * <p><b>Lifetime:</b> read when a device is plugged (every plug starts from reset). <b>Order:</b> none.
 * <b>Concurrency:</b> implementations must be stateless or thread-safe.
 */
@FunctionalInterface
public interface RegisterModel {

    /** Every register reads 0 after reset. */
    RegisterModel ZEROES = (range, offset) -> 0;

    /**
     * @param range  one of the device's ranges
     * @param offset a 4-byte aligned offset inside it
     * @return the register's value after reset
     */
    int resetValue(MmioRange range, long offset);
}
