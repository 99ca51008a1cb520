package org.devres4j.hw;

/**
 * A driver's view of a mapped range of device registers: what {@link IoMapping#access(Guard)},
 * {@link IoMapping#access(org.devres4j.driver.BoundDevice)} and {@link IoMapping#unguardedAccess()} return.
 * The view states why the access is safe (its {@link AccessContext}) and checks it on every access.
 *
 * <p><b>Lifetime:</b> a view is usable while its licence holds (the section is open on this thread, the
 * binding is active on this thread) and the mapping is mapped. <b>Order:</b> every access is reported to
 * the hardware's {@link AccessObservers} before it reaches the registers. <b>Concurrency:</b> safe from any
 * thread; a guard view works only on the thread holding the guard.
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
     * @throws IllegalStateException     if the view's licence no longer holds, or the mapping was unmapped
     */
    int read32(long offset);

    /**
     * Writes a 32-bit register.
     *
     * @param offset byte offset from {@link #base()}, 4-byte aligned, inside the range
     * @param value  the value
     * @throws IndexOutOfBoundsException if the offset is outside the range or misaligned, naming the range
     * @throws IllegalStateException     if the view's licence no longer holds, or the mapping was unmapped
     */
    void write32(long offset, int value);

    /**
     * Checks an offset against a range of {@code size} bytes; a helper for views and raw mappings.
     *
     * @param name   the range's name, for the message
     * @param size   the range's size
     * @param offset the offset
     * @throws IndexOutOfBoundsException if the offset is negative, misaligned or past the end
     */
    static void checkOffset(String name, long size, long offset) {
        if (offset < 0 || offset > size - 4 || (offset & 3) != 0) {
            throw outside(name, size, offset);
        }
    }

    private static IndexOutOfBoundsException outside(String name, long size, long offset) {
        return new IndexOutOfBoundsException("MMIO offset 0x" + Long.toHexString(offset) + " is outside '" + name
                + "' (size 0x" + Long.toHexString(size) + ") or not 4-byte aligned: a 32-bit access must lie inside the mapped range");
    }
}
