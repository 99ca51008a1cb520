package org.devres4j.hw;

import java.util.Objects;

/**
 * One MMIO resource of a device (a PCI BAR, a platform {@code reg} entry): where its registers live.
 *
 * <p><b>Lifetime:</b> a value; the range belongs to a device only while the {@link Hardware} says so
 * (a hot-plug may give the same addresses to another device). <b>Order / concurrency:</b> immutable.
 *
 * @param name the resource name, e.g. {@code "bar0"}
 * @param base the physical base address
 * @param size the size in bytes, a positive multiple of 4
 */
public record MmioRange(String name, long base, long size) {

    /**
     * Checks the components.
     *
     * @param name the name
     * @param base the base, not negative
     * @param size the size, positive and a multiple of 4
     */
    public MmioRange {
        Objects.requireNonNull(name, "MmioRange: the name must not be null");
        if (base < 0) {
            throw new IllegalArgumentException("MmioRange '" + name + "': base " + base + " is negative");
        }
        if (size <= 0 || (size & 3) != 0) {
            throw new IllegalArgumentException("MmioRange '" + name + "': size " + size + " must be positive and a multiple of 4");
        }
        if (size > Long.MAX_VALUE - base) {
            throw new IllegalArgumentException("MmioRange '" + name + "': base 0x" + Long.toHexString(base) + " + size 0x"
                    + Long.toHexString(size) + " runs past the end of the address space");
        }
    }

    /**
     * @param other another range
     * @return whether the two ranges share an address
     */
    public boolean overlaps(MmioRange other) {
        return base <= other.base ? other.base - base < size : base - other.base < other.size;
    }

    /** @return the name and the range in hex, as messages show it, e.g. {@code bar0 [0x10000000+0x1000]} */
    @Override
    public String toString() {
        return name + String.format(" [0x%x+0x%x]", base, size);
    }
}
