package org.devres4j.hw.model;

import java.util.List;

/**
 * What a plug into {@link MemoryHardware} gave a device.
 *
 * <p><b>Lifetime / order / concurrency:</b> an immutable value, taken at the plug; the assignments' freed
 * flags show when the device was unplugged.
 *
 * @param device the device's name
 * @param ranges its address assignments, in resource order
 * @param irqs   its interrupt lines
 */
public record Plug(String device, List<AddressSpace.Range> ranges, List<Integer> irqs) {
}
