package org.devres4j.hw;

/**
 * A raw mapping of one device MMIO range, as a {@link Hardware} implementation hands it out: the
 * registers themselves, with no lifetime check of its own. Drivers never see it — they hold an
 * {@link IoMapping} and reach the registers through a view, which checks its licence, reports the access
 * and then calls this with the access's {@link AccessContext} as an argument (so the hardware can record
 * where a stale access came from, with no thread-local plumbing).
 *
 * <p><b>Lifetime:</b> valid from {@link Hardware#map} to {@link Hardware#unmap}; the hardware behind it is
 * present only while the device is. An access after the device went (unplugged, or its range reassigned
 * to a newly plugged device) is the hardware use-after-free of seed 004: the implementation decides what
 * it does (the model of {@code org.devres4j.hw.model} reads all-ones, drops writes, or reaches the new
 * owner's registers, and records a fault). <b>Order:</b> one thread's accesses in program order.
 * <b>Concurrency:</b> implementations must be safe from any thread; 32-bit accesses are atomic.
 */
public interface RawMmio {

    /** @return a name for reports, e.g. {@code "vgpu.0:bar0"} */
    String name();

    /** @return the physical base address of the range */
    long base();

    /** @return the size of the range in bytes */
    long size();

    /**
     * Reads a 32-bit register.
     *
     * @param offset  byte offset from {@link #base()}, 4-byte aligned, inside the range
     * @param context where the access was made
     * @return the register value
     * @throws IndexOutOfBoundsException if the offset is outside the range or misaligned, naming the range
     */
    int read32(long offset, AccessContext context);

    /**
     * Writes a 32-bit register.
     *
     * @param offset  byte offset from {@link #base()}, 4-byte aligned, inside the range
     * @param value   the value
     * @param context where the access was made
     * @throws IndexOutOfBoundsException if the offset is outside the range or misaligned, naming the range
     */
    void write32(long offset, int value, AccessContext context);
}
