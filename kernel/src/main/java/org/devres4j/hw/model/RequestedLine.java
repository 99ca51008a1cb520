package org.devres4j.hw.model;

/**
 * An interrupt line of {@link MemoryHardware} that is still requested (what a leak check looks at).
 *
 * <p><b>Lifetime / order / concurrency:</b> an immutable value, a snapshot.
 *
 * @param number the line
 * @param name   the requester's name
 * @param device the device it was requested for
 */
public record RequestedLine(int number, String name, String device) {
}
