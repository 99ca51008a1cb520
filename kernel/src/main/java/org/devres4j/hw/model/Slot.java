package org.devres4j.hw.model;

import java.util.List;
import org.devres4j.driver.Device;
import org.devres4j.hw.MmioRange;

/**
 * The hardware in one slot of {@link MemoryHardware}: a device's MMIO ranges, their current address
 * assignments and its interrupt lines, from its plug (or reservation) to its unplug.
 *
 * <p><b>Lifetime:</b> present from plug to unplug; the device it belongs to changes when a bus rescan adopts it
 * for a new device of the same name (the assignments are then renewed). <b>Order:</b> none. <b>Concurrency:</b>
 * guarded by the hardware's lock, which every reader and writer holds.
 */
final class Slot {
    final String name;
    final List<MmioRange> ranges;
    final List<Integer> irqs;
    Device device;
    List<AddressSpace.Range> assignments;
    boolean present = true;
    /* plugged hardware is found by a bus scan; a reservation (for a faux device) is not */
    boolean scannable;

    Slot(String name, List<MmioRange> ranges, List<AddressSpace.Range> assignments, List<Integer> irqs) {
        this.name = name;
        this.ranges = List.copyOf(ranges);
        this.assignments = List.copyOf(assignments);
        this.irqs = List.copyOf(irqs);
    }

    Plug plug() {
        return new Plug(name, assignments, irqs);
    }
}
