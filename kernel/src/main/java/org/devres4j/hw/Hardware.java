package org.devres4j.hw;

import java.util.List;
import org.devres4j.driver.Device;

/**
 * The hardware behind devices: which MMIO ranges and interrupt lines a device has, the raw mapping and
 * request operations, and the observers of every access ({@link #observers()}). One model implements it
 * for tests, examples and the simulator ({@code org.devres4j.hw.model.MemoryHardware}: an address space
 * with reassignable ranges, interrupt lines and per-driver register models); a driver is handed the
 * hardware its devices live on when it is made.
 *
 * <p><b>Lifetime:</b> a device's resources exist while the hardware says the device is present; a
 * mapping or line obtained earlier may outlive them — that is the bug class this model shows, so an
 * implementation must not crash on such use but decide (and may record) what it does.
 * <b>Order:</b> a device's ranges and lines are listed in resource order (index 0 first); observers see an
 * access before the hardware does. <b>Concurrency:</b> implementations must be thread-safe.
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
    RawMmio map(Device device, MmioRange range);

    /**
     * Unmaps a raw mapping this hardware returned.
     *
     * @param mapping the mapping
     * @throws IllegalStateException if it was already unmapped
     */
    void unmap(RawMmio mapping);

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

    /**
     * The observers of this hardware's accesses: every access through a view of a mapping of this hardware
     * is reported to them, on the accessing thread, before it is performed.
     *
     * @return this hardware's observers (always the same object)
     */
    AccessObservers observers();
}
