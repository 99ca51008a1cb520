package org.devres4j.hw.model;

/**
 * A raw mapping of {@link MemoryHardware} that is still mapped (what a leak check looks at).
 *
 * <p><b>Lifetime / order / concurrency:</b> an immutable value, a snapshot.
 *
 * @param name       the mapping's name, {@code device:range}
 * @param device     the device it was made for
 * @param assignment the address assignment it was made for
 */
public record LiveMapping(String name, String device, AddressSpace.Range assignment) {
}
