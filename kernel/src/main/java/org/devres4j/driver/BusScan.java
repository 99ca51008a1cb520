package org.devres4j.driver;

import java.util.List;

/**
 * What a bus's {@link Bus#rescan()} reads from the hardware: the names of the devices physically present on
 * the bus — the config-space scan of {@code pci_rescan_bus}. A bus is handed its scan when it is made
 * ({@link Bus#Bus(String, org.devres4j.uapi.Namespace, BusScan)}); the hardware model
 * ({@code org.devres4j.hw.model.MemoryHardware}) is one.
 *
 * <p><b>Lifetime:</b> a name is present from the hardware's plug to its unplug — also while no device exists
 * for it (after a sysfs-style remove, {@link Device#unregister()}), which is what a rescan finds again.
 * <b>Order:</b> names in slot order (the order the hardware was plugged); the rescan creates devices in that
 * order. <b>Concurrency:</b> implementations must be thread-safe; the bus calls it with no lock held.
 */
@FunctionalInterface
public interface BusScan {

    /** A bus with no hardware to scan: its rescan only probes the unbound devices again. */
    BusScan NONE = bus -> List.of();

    /**
     * @param bus the bus that rescans
     * @return the names of the devices present on that bus's hardware, in slot order (with or without a device)
     */
    List<String> presentOn(Bus bus);
}
