package org.devres4j.hw;

import java.util.List;
import java.util.Objects;
import org.devres4j.driver.BoundDevice;
import org.devres4j.driver.Device;

/**
 * Hardware resources for drivers: MMIO mappings and interrupt lines, in a devm form (the undo is an
 * action on the bound device's devres list) and an unmanaged form (the caller undoes).
 *
 * <p><b>Lifetime:</b> the devm forms are the right ones for hardware (seed 004): the unmap and the
 * free run at unbind, when the hardware goes, even if a {@code DrmDevice} lives on. The unmanaged
 * forms exist for drivers that undo by hand — and for the buggy variant that ties a mapping to
 * drmm. <b>Order:</b> a devm resource is undone in LIFO order with the rest of the devres list, so a
 * line requested after a mapping is freed before the unmap. <b>Concurrency:</b> thread-safe; the
 * devm forms require a valid {@link BoundDevice}.
 */
public final class Io {
    private Io() {
    }

    /**
     * Maps a device's MMIO range by index, unmanaged: call {@link IoMapping#unmap()} yourself.
     *
     * @param hardware the hardware
     * @param device   the device
     * @param index    the resource index
     * @return the mapping
     * @throws IllegalArgumentException if the device has no such range
     */
    public static IoMapping ioremap(Hardware hardware, Device device, int index) {
        Objects.requireNonNull(hardware, "ioremap: the hardware must not be null");
        Objects.requireNonNull(device, "ioremap: the device must not be null");
        List<MmioRange> ranges = hardware.mmioRanges(device);
        if (index < 0 || index >= ranges.size()) {
            throw new IllegalArgumentException("ioremap of " + device.name() + " resource " + index + " refused: the device has "
                    + ranges.size() + " MMIO range(s)" + (ranges.isEmpty() ? " (absent, or none described)" : " " + ranges));
        }
        MmioRange range = ranges.get(index);
        return new IoMapping(hardware, device, range, hardware.map(device, range));
    }

    /**
     * Maps a device's MMIO range by index; the unmap runs when the binding ends
     * ({@code devm_ioremap_resource}).
     *
     * @param bound    the bound device (must be valid)
     * @param hardware the hardware
     * @param index    the resource index
     * @return the mapping
     * @throws IllegalArgumentException if the device has no such range
     */
    public static IoMapping devmIoremap(BoundDevice bound, Hardware hardware, int index) {
        checkBound(bound, "devmIoremap");
        IoMapping m = ioremap(hardware, bound.device(), index);
        bound.devres().addOrReset("iounmap " + m.name(), d -> m.unmap());
        return m;
    }

    /**
     * Requests a device's interrupt line by index, unmanaged: call {@link IrqLine#free()} yourself.
     *
     * @param hardware the hardware
     * @param device   the device
     * @param index    the resource index
     * @param name     the requester's name
     * @param handler  the handler
     * @return the line
     * @throws IllegalArgumentException if the device has no such line
     */
    public static IrqLine requestIrq(Hardware hardware, Device device, int index, String name, IrqHandler handler) {
        Objects.requireNonNull(hardware, "requestIrq: the hardware must not be null");
        Objects.requireNonNull(device, "requestIrq: the device must not be null");
        Objects.requireNonNull(handler, "requestIrq: the handler must not be null");
        List<Integer> irqs = hardware.irqs(device);
        if (index < 0 || index >= irqs.size()) {
            throw new IllegalArgumentException("requestIrq of " + device.name() + " resource " + index + " refused: the device has "
                    + irqs.size() + " interrupt line(s)");
        }
        return hardware.requestIrq(device, irqs.get(index), name, handler);
    }

    /**
     * Requests a device's interrupt line by index; the free runs when the binding ends
     * ({@code devm_request_irq}).
     *
     * @param bound    the bound device (must be valid)
     * @param hardware the hardware
     * @param index    the resource index
     * @param name     the requester's name
     * @param handler  the handler
     * @return the line
     */
    public static IrqLine devmRequestIrq(BoundDevice bound, Hardware hardware, int index, String name, IrqHandler handler) {
        checkBound(bound, "devmRequestIrq");
        IrqLine line = requestIrq(hardware, bound.device(), index, name, handler);
        bound.devres().addOrReset("free_irq " + line.number() + " " + name, d -> line.free());
        return line;
    }

    private static void checkBound(BoundDevice bound, String op) {
        Objects.requireNonNull(bound, op + ": the bound device must not be null");
        if (!bound.isValid()) {
            throw new IllegalStateException(op + " on " + bound.name()
                    + " refused: the binding has ended; devm hardware resources can only be taken by a bound driver");
        }
        if (!bound.isActiveOnCurrentThread()) {
            throw new IllegalStateException(op + " on " + bound.name() + " refused: thread '" + Thread.currentThread().getName()
                    + "' is not running this binding's probe or remove — devm hardware resources are taken while the"
                    + " driver core holds the binding (a stashed BoundDevice is not a licence to map hardware later)");
        }
    }
}
