package org.devres4j.hw;

import java.util.List;
import org.devres4j.driver.Device;

/**
 * The hardware behind devices: which MMIO ranges and interrupt lines a device has, and the raw
 * mapping and request operations. The simulator implements it with its physical address space;
 * {@link MemoryHardware} is a simple in-memory one for tests and examples.
 *
 * <p><b>Lifetime:</b> a device's resources exist while the hardware says the device is present; a
 * mapping or line obtained earlier may outlive them — that is the bug class this model shows, so an
 * implementation must not crash on such use but decide (and may record) what it does.
 * <b>Order:</b> a device's ranges and lines are listed in resource order (index 0 first).
 * <b>Concurrency:</b> implementations must be thread-safe.
 *
 * <p>Drivers do not call {@link #map} or {@link #requestIrq} directly: they use {@link Io}, whose
 * devm helpers tie the unmap and the free to the binding and whose mappings report every access.
 */
public interface Hardware {

    /**
     * @param device a device
     * @return its MMIO ranges, in resource order; empty if it has none (or is not present)
     */
    List<MmioRange> mmioRanges(Device device);

    /**
     * @param device a device
     * @return its interrupt line numbers, in resource order
     */
    List<Integer> irqs(Device device);

    /**
     * Maps one of a device's ranges.
     *
     * @param device the device
     * @param range  one of {@link #mmioRanges(Device)}
     * @return the raw mapping
     * @throws IllegalArgumentException if the range is not the device's, naming both
     */
    Mmio map(Device device, MmioRange range);

    /**
     * Unmaps a raw mapping this hardware returned.
     *
     * @param mapping the mapping
     * @throws IllegalStateException if it was already unmapped
     */
    void unmap(Mmio mapping);

    /**
     * Requests one of a device's interrupt lines.
     *
     * @param device  the device
     * @param irq     one of {@link #irqs(Device)}
     * @param name    the requester's name
     * @param handler the handler
     * @return the requested line
     * @throws IllegalArgumentException if the line is not the device's
     * @throws IllegalStateException    if the line is already requested (lines are not shared here)
     */
    IrqLine requestIrq(Device device, int irq, String name, IrqHandler handler);
}
