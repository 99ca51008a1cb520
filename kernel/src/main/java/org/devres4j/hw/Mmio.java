package org.devres4j.hw;

/**
 * A mapped range of device registers (memory-mapped I/O): what {@code ioremap} returns.
 *
 * <p><b>Lifetime:</b> a mapping is valid from its map until its unmap; the hardware behind it is
 * valid only while the device is present. A mapping that outlives its device (unplugged, or its
 * range reassigned to a newly plugged device) is the hardware use-after-free of seed 004: the
 * {@link Hardware} behind it decides what such an access does (the in-memory one reads all-ones and
 * records a fault, as a removed PCI device does). <b>Order:</b> accesses from one thread happen in
 * program order. <b>Concurrency:</b> implementations must be safe from any thread; 32-bit accesses
 * are atomic.
 *
 * <p>Drivers never hold a raw {@code Mmio}: they hold an {@link IoMapping} and reach the registers
 * through a view that states its {@link AccessContext} — inside an enter/exit section, in the
 * bound-device context of probe/remove, or through the named escape hatch
 * {@link IoMapping#unguardedAccess()}. Every access through a view is reported to the
 * {@link AccessObserver}s first. The simulator implements the raw interface.
 */
public interface Mmio {

    /** @return a name for reports, e.g. {@code "vgpu.0:bar0"} */
    String name();

    /** @return the physical base address of the range */
    long base();

    /** @return the size of the range in bytes */
    long size();

    /**
     * Reads a 32-bit register.
     *
     * @param offset byte offset from {@link #base()}, 4-byte aligned, inside the range
     * @return the register value
     * @throws IndexOutOfBoundsException if the offset is outside the range or misaligned, naming the range
     */
    int read32(long offset);

    /**
     * Writes a 32-bit register.
     *
     * @param offset byte offset from {@link #base()}, 4-byte aligned, inside the range
     * @param value  the value
     * @throws IndexOutOfBoundsException if the offset is outside the range or misaligned, naming the range
     */
    void write32(long offset, int value);

    /**
     * Checks an offset against a range; a helper for implementations.
     *
     * @param m      the range
     * @param offset the offset
     * @throws IndexOutOfBoundsException if the offset is negative, misaligned or past the end
     */
    static void checkOffset(Mmio m, long offset) {
        if (offset < 0 || offset > m.size() - 4 || (offset & 3) != 0) {
            throw outside(m, offset);
        }
    }

    private static IndexOutOfBoundsException outside(Mmio m, long offset) {
        return new IndexOutOfBoundsException("MMIO offset 0x" + Long.toHexString(offset) + " is outside '" + m.name()
                + "' (size 0x" + Long.toHexString(m.size()) + ") or not 4-byte aligned: a 32-bit access must lie inside the mapped range");
    }
}
